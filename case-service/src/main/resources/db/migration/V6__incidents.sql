-- Issue 4, incidents (crisis): many customers asking about one thing. Suggested by ingest-service's
-- surge detection (incident.suggested) or opened by hand; cases are attached to it; one proactive
-- post goes out; it is closed with a closing post that resolves the attached cases.
create table incident (
    id                     uuid        primary key,
    -- suggested, open, dismissed, closed (domain/IncidentStatus)
    status                 text        not null,
    title                  text        not null,
    subject                text,
    region                 text,
    -- incident.suggested's surge id: one suggested incident per surge, however often it is redelivered.
    suggestion_id          uuid        unique,
    suggested_posts        integer,
    usual_per_window       double precision,
    window_start           timestamptz,
    window_end             timestamptz,
    sample_post_ids        text[]      not null default '{}',
    created_at             timestamptz not null,
    -- null when suggested by the system
    created_by             text,
    decided_at             timestamptz,
    decided_by             text,
    -- The one proactive post (outbound.requested public-post), at most one per incident.
    proactive_message_id   uuid,
    proactive_channel      text,
    proactive_account_id   text,
    proactive_text         text,
    proactive_at           timestamptz,
    proactive_by           text,
    closing_message_id     uuid,
    closing_text           text,
    closed_at              timestamptz,
    closed_by              text,
    updated_at             timestamptz not null,
    version                bigint      not null default 0
);

create index incident_list on incident (created_at desc, id desc);
create index incident_status_list on incident (status, created_at desc, id desc);

-- The incident a case is attached to. Kept after the incident closes (case.resolved and reports
-- name it); a case may be attached to another incident only when its incident is no longer open.
alter table customer_case add column incident_id uuid references incident (id);
create index customer_case_incident on customer_case (incident_id) where incident_id is not null;
