-- One row per surge (a burst of posts on one subject), so each surge is suggested as an incident
-- once (io.outpost.incident.suggested.v1, written to the outbox in the same transaction as the row).
-- A surge is open until a whole quiet period passes without it surging (domain/SurgeTracker).
create table surge (
    id          uuid        primary key,
    subject     text        not null,
    region      text        not null default '',
    started_at  timestamptz not null,
    last_seen   timestamptz not null,
    peak_posts  integer     not null,
    ended_at    timestamptz
);

-- At most one open surge per subject and region: a second replica's check cannot start another.
create unique index surge_open_subject on surge (subject, region) where ended_at is null;
