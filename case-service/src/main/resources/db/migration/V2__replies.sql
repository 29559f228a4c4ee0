-- Issue 4, replies: the first agent response of a case (an API reply or an echo of our own post).
alter table customer_case add column first_response_at timestamptz;

-- A reply written by an agent (or a system through the integration role). The id is the
-- outbound.requested messageId, so delivery.reported finds its reply by it.
create table case_reply (
    id                   uuid        primary key,
    case_id              uuid        not null references customer_case (id),
    author_username      text        not null,
    -- The text as sent to the platform, signature included.
    text                 text        not null,
    visibility           text        not null,
    -- requested, delivered or failed.
    status               text        not null,
    in_reply_to_external_id text,
    platform_message_id  text,
    failure_reason       text,
    requested_at         timestamptz not null,
    reported_at          timestamptz,
    updated_at           timestamptz not null
);

create index case_reply_case on case_reply (case_id, requested_at, id);

-- Per-user reply signature (agents, supervisors), appended to each reply as " <signature>".
create table agent_signature (
    username   text        primary key,
    signature  text        not null,
    updated_at timestamptz not null
);
