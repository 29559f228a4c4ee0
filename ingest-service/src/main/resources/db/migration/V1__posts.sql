-- Every post accepted by ingest-service. (channel, external_id) is the platform's identity of a
-- post: a redelivered webhook or a repeated API call finds its row and is not published again.
create table post (
    id                     uuid        primary key,
    channel                text        not null,
    external_id            text        not null,
    conversation_key       text        not null,
    author_platform_id     text        not null,
    author_handle          text,
    author_display_name    text,
    text                   text        not null,
    created_at             timestamptz not null,
    received_at            timestamptz not null,
    in_reply_to_external_id text,
    visibility             text        not null,
    from_own_account       boolean     not null default false,
    constraint post_channel_external_id unique (channel, external_id)
);
