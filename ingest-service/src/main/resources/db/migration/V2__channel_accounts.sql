-- The brand's own accounts on the channels. A post whose author is one of them is our reply, not a
-- customer's post (post.ingested fromOwnAccount). credentials_ref names a secret kept elsewhere
-- (a Kubernetes secret, a vault path); the secret's value never enters this database.
create table channel_account (
    id                  uuid        primary key,
    channel             text        not null,
    platform_account_id text        not null,
    handle              text,
    display_name        text,
    credentials_ref     text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    constraint channel_account_channel_platform_id unique (channel, platform_account_id)
);

-- Keyset pagination of the admin list: oldest first.
create index channel_account_created_at_id on channel_account (created_at, id);
