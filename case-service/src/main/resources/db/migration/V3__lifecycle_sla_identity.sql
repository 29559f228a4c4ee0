-- Issue 4, third slice: statuses, triage, SLA clocks, hidden cases, CRM link, timeline activities.

alter table customer_case
    add column resolved_at                timestamptz,
    add column closed_at                  timestamptz,
    add column tags                       text[]      not null default '{}',
    -- Triage of the opening post (enrichment from ingest-service).
    add column required_skills            text[]      not null default '{}',
    add column language                   text,
    add column intent                     text,
    add column sentiment                  double precision,
    add column only_we_can_answer         boolean     not null default false,
    -- Set for bot/spam posts: the case never reaches agents nor routing.
    add column hidden_reason              text,
    add column assignee_team              text,
    -- The CRM customer of the consented link of the case's customer (cleared when the link goes).
    add column crm_customer_id            text,
    -- SLA: due times (null: no target, not running or paused) and when the checker saw them missed.
    add column first_response_due_at      timestamptz,
    add column first_response_breached_at timestamptz,
    -- The customer turn waiting for a next response: its first post's platform time.
    add column turn_started_at            timestamptz,
    add column next_response_due_at       timestamptz,
    add column next_response_breached_at  timestamptz,
    add column resolution_due_at          timestamptz,
    add column resolution_breached_at     timestamptz;

-- The breach checker's scans: only rows that can still breach are in these indexes.
create index customer_case_first_response_due on customer_case (first_response_due_at)
    where first_response_at is null and first_response_breached_at is null and first_response_due_at is not null;
create index customer_case_next_response_due on customer_case (next_response_due_at)
    where next_response_breached_at is null and next_response_due_at is not null;
create index customer_case_resolution_due on customer_case (resolution_due_at)
    where resolved_at is null and resolution_breached_at is null and resolution_due_at is not null;
create index customer_case_resolved on customer_case (resolved_at) where status = 'resolved';
create index customer_case_customer on customer_case (channel, customer_platform_id);

alter table case_post
    add column deleted_at timestamptz,
    add column edited_at  timestamptz;

create index case_post_author on case_post (channel, author_platform_id);

-- Times the case was pending on the customer: the SLA clocks stop inside them.
create table case_pause (
    id           uuid        primary key,
    case_id      uuid        not null references customer_case (id),
    paused_from  timestamptz not null,
    -- null while still pending
    paused_until timestamptz
);

create index case_pause_case on case_pause (case_id, paused_from);

-- Timeline entries other than posts and replies: notes, status changes, SLA breaches, post
-- deletions and edits, CRM link changes, overrides. One table, typed, so the timeline is one query.
create table case_activity (
    id          uuid        primary key,
    case_id     uuid        not null references customer_case (id),
    type        text        not null,
    at          timestamptz not null,
    -- The username who did it; null for the system.
    actor       text,
    from_status text,
    to_status   text,
    -- A note's text, a reason, an SLA target name, a post's external id: by type.
    detail      text
);

create index case_activity_case on case_activity (case_id, at, id);

-- Consented links of social identities to CRM customers (outpost.identity link-confirmed), so
-- cases opened later show the customer too; a link-removed deletes the row and clears the cases.
create table customer_link (
    channel          text        not null,
    platform_user_id text        not null,
    link_id          uuid        not null,
    crm_customer_id  text        not null,
    confirmed_at     timestamptz not null,
    primary key (channel, platform_user_id)
);
