-- Consents with evidence, identity links under consent, and the append-only audit log (issue 7).

-- The current consent of a subject (a social identity) per purpose. EXPIRED is not stored: a
-- GRANTED row at or past expires_at reads as expired. Changes are serialized by locking the
-- subject's social_identity row.
create table consent (
    id           uuid        primary key,
    subject_id   uuid        not null references social_identity (id),
    purpose      text        not null check (purpose in ('identity-link', 'personalization', 'surveys')),
    status       text        not null check (status in ('granted', 'denied', 'revoked')),
    granted_at   timestamptz,
    expires_at   timestamptz,
    -- The latest decision: when the person made it and how it was captured.
    decided_at   timestamptz not null,
    source       text        not null check (source in ('channel-message', 'admin-action')),
    message_id   text,
    note         text,
    text_version text,
    actor        text        not null,
    recorded_at  timestamptz not null,
    constraint consent_subject_purpose unique (subject_id, purpose),
    constraint consent_granted_has_expiry check (status <> 'granted' or (granted_at is not null and expires_at is not null))
);

-- Every decision ever recorded, in order: the consent's history.
create table consent_event (
    id           uuid        primary key,
    subject_id   uuid        not null references social_identity (id),
    purpose      text        not null,
    decision     text        not null check (decision in ('grant', 'deny', 'revoke')),
    expires_at   timestamptz,
    captured_at  timestamptz not null,
    source       text        not null,
    message_id   text,
    note         text,
    text_version text,
    actor        text        not null,
    reason       text,
    recorded_at  timestamptz not null
);

create index consent_event_subject on consent_event (subject_id, purpose, recorded_at);

-- Links from a social identity to a CRM customer. A removed link stays, with who removed it and
-- why; linking again is a new row.
create table identity_link (
    id             uuid        primary key,
    identity_id    uuid        not null references social_identity (id),
    customer_id    text        not null references crm_customer (id),
    status         text        not null check (status in ('suggested', 'confirmed', 'removed')),
    created_at     timestamptz not null,
    created_by     text        not null,
    confirmed_at   timestamptz,
    confirmed_by   text,
    removed_at     timestamptz,
    removed_by     text,
    removal_reason text check (removal_reason in ('consent-revoked', 'consent-expired', 'admin-removed')),
    note           text,
    constraint identity_link_removed_has_reason check (status <> 'removed' or (removed_at is not null and removal_reason is not null)),
    constraint identity_link_confirmed_has_time check (status <> 'confirmed' or confirmed_at is not null)
);

-- A social identity is one person: at most one confirmed customer at a time.
create unique index identity_link_one_confirmed on identity_link (identity_id) where status = 'confirmed';
-- One live link per identity and customer.
create unique index identity_link_one_live on identity_link (identity_id, customer_id) where status <> 'removed';
create index identity_link_customer on identity_link (customer_id) where status = 'confirmed';

-- The audit log: every consent and link change (who, when, what, about whom, why, evidence).
-- Append-only: no API changes or deletes an entry, and the database refuses it too.
create table audit_entry (
    id       uuid        primary key,
    at       timestamptz not null,
    actor    text        not null,
    action   text        not null,
    subject  text        not null,
    reason   text,
    evidence jsonb       not null
);

create index audit_entry_at on audit_entry (at desc, id desc);
create index audit_entry_subject on audit_entry (subject, at desc, id desc);
create index audit_entry_action on audit_entry (action, at desc, id desc);

create function audit_entry_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_entry is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_entry_no_update_or_delete before update or delete on audit_entry
    for each row execute function audit_entry_append_only();
create trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function audit_entry_append_only();
