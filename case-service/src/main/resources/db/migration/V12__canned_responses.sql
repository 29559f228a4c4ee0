-- Issue 18, canned responses: saved replies of a care team (team null: global) with placeholders
-- (domain/CannedText), kept by supervisors, rendered for a case by agents.
create table canned_response (
    id          uuid        primary key,
    -- the assignee team name (customer_case.assignee_team); null: for every team
    team        text,
    title       text        not null,
    text        text        not null,
    -- a channel wire name; null: any channel
    channel     text,
    language    text,
    tags        text[]      not null default '{}',
    created_by  text        not null,
    created_at  timestamptz not null,
    updated_by  text        not null,
    updated_at  timestamptz not null,
    version     bigint      not null default 0
);

-- The list: newest first, optionally one team (with the global ones).
create index canned_response_list on canned_response (created_at desc, id desc);
create index canned_response_team on canned_response (team, created_at desc, id desc);
