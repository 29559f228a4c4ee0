-- A case: one customer conversation that needs an answer. "case" is an SQL keyword, hence customer_case.
create table customer_case (
    id                     uuid        primary key,
    channel                text        not null,
    visibility             text        not null,
    status                 text        not null,
    -- The conversation the case was opened for (post.ingested's conversationKey): later posts of
    -- the same conversation join the case while it is not closed.
    conversation_key       text        not null,
    customer_platform_id   text        not null,
    customer_handle        text,
    customer_display_name  text,
    first_post_id          uuid        not null,
    -- The platform time of the first post: SLA clocks and the list order run on it.
    opened_at              timestamptz not null,
    priority               smallint    not null,
    assignee_id            uuid,
    assignee_name          text,
    assigned_at            timestamptz,
    assignment_id          uuid,
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    version                bigint      not null default 0
);

-- Threading: the open case of a conversation.
create index customer_case_conversation on customer_case (channel, conversation_key) where status <> 'closed';
-- The list: newest first, id as tie-break (keyset pagination), optionally filtered.
create index customer_case_list on customer_case (opened_at desc, id desc);
create index customer_case_status_list on customer_case (status, opened_at desc, id desc);
create index customer_case_assignee_list on customer_case (assignee_id, opened_at desc, id desc) where assignee_id is not null;

-- A post filed into a case: the customer's posts and our own replies seen on the platform (echoes).
-- (channel, external_id) is the platform's identity of a post: it is filed once.
create table case_post (
    id                      uuid        primary key,
    case_id                 uuid        not null references customer_case (id),
    channel                 text        not null,
    external_id             text        not null,
    conversation_key        text        not null,
    author_platform_id      text        not null,
    author_handle           text,
    author_display_name     text,
    text                    text        not null,
    created_at              timestamptz not null,
    received_at             timestamptz not null,
    in_reply_to_external_id text,
    visibility              text        not null,
    from_own_account        boolean     not null,
    constraint case_post_channel_external_id unique (channel, external_id)
);

create index case_post_case on case_post (case_id, created_at, received_at, id);
