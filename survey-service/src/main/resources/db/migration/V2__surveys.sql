-- One row per resolved case: the sending policy's decision (scheduled, or skipped with its
-- reason), then the survey's life (sent, answered, expired, or cancelled with its reason).
create table survey (
    id                uuid        primary key,
    case_id           uuid        not null unique,
    state             text        not null
        check (state in ('scheduled', 'skipped', 'cancelled', 'sent', 'answered', 'expired')),
    -- Why skipped (SkipReason) or cancelled (CancelReason); null otherwise.
    reason            text,
    kind              text        not null check (kind in ('nps', 'csat', 'ces')),
    channel           text        not null,
    -- The customer's platform user id (the DM's recipient); 'erased' once the person is erased.
    recipient         text        not null,
    -- Fatigue counts per person: channel:platformUserId; 'erased' once the person is erased.
    person_key        text        not null,
    language          text,
    agent_id          uuid,
    team              text,
    opening_sentiment text        not null,
    resolved_at       timestamptz not null,
    decided_at        timestamptz not null,
    send_at           timestamptz,
    sent_at           timestamptz,
    expires_at        timestamptz,
    answered_at       timestamptz,
    score             integer,
    comment           text,
    answered_via      text        check (answered_via in ('link', 'dm')),
    check ((state = 'answered') = (score is not null))
);

-- The sender's work list and the expiry sweep.
create index survey_due on survey (send_at) where state = 'scheduled';
create index survey_open_until on survey (expires_at) where state = 'sent';
-- Fatigue history of a person, open survey of a DM's author, reports by sending week.
create index survey_by_person on survey (person_key);
create index survey_open_recipient on survey (channel, recipient) where state = 'sent';
create index survey_sent on survey (sent_at) where sent_at is not null;
create index survey_decided on survey (decided_at desc, id desc);

-- What a person told us about surveys: consent for the purpose 'surveys' (from crm-link-service)
-- and opt-out (a "stop" replied to an invitation).
create table survey_person (
    person_key          text        primary key,
    consent             text        not null default 'UNKNOWN',
    consent_expires_at  timestamptz,
    consent_changed_at  timestamptz,
    opted_out           boolean     not null default false,
    updated_at          timestamptz not null
);

-- Erased people, so that a late case.resolved about them is never surveyed: the SHA-256 of the
-- person key, not the key itself (see README, "Erasure").
create table erased_person (
    key_hash   text        primary key,
    erased_at  timestamptz not null
);
