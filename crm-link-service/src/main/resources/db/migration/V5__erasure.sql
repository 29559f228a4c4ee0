-- Erasure (issue 7): a person's data removed here and asked of every service on outpost.identity;
-- each service's confirmation is collected per request.

create table erasure_request (
    id               uuid        primary key,
    -- What the admin named: a social identity id or a CRM customer id. Kept (an id, not the
    -- person's data) so the erasure can be shown and re-applied after a restore from backup.
    subject          text        not null,
    subject_kind     text        not null check (subject_kind in ('identity', 'customer')),
    requested_by     text        not null,
    reason           text,
    requested_at     timestamptz not null,
    identities       integer     not null,
    customer_erased  boolean     not null,
    -- Rows removed or anonymised here (audit entries redacted included).
    records_affected integer     not null
);

create table erasure_confirmation (
    erasure_id       uuid        not null references erasure_request (id),
    service          text        not null,
    records_affected integer     not null,
    confirmed_at     timestamptz not null,
    received_at      timestamptz not null,
    primary key (erasure_id, service)
);

-- The audit log stays append-only, with one exception an erasure needs: inside a transaction that
-- declared an erasure (set_config('outpost.audit_redaction', <erasure id>, true)), an entry's
-- reason and evidence - the personal part - may be replaced by {"redacted": <erasure id>}. Who,
-- when, which action and about which (now meaningless) subject id stay; delete and truncate stay
-- refused, and any other update too.
create or replace function audit_entry_append_only() returns trigger language plpgsql as $$
declare
    erasure text := coalesce(current_setting('outpost.audit_redaction', true), '');
begin
    if tg_op = 'UPDATE' and erasure <> ''
            and new.id = old.id and new.at = old.at and new.actor = old.actor and new.action = old.action
            and new.subject = old.subject and new.reason is null
            and new.evidence = jsonb_build_object('redacted', erasure) then
        return new;
    end if;
    raise exception 'audit_entry is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;
