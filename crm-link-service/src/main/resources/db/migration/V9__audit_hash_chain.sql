-- The audit log can prove it was not changed (issue 16 §4; README "Tamper evidence").
--
-- Every entry is sealed when it is inserted: it gets the next position (seq), a random salt, a
-- digest of its personal part (reason, evidence) and a hash over its facts, that digest and the
-- previous entry's hash. GET /api/v1/audit/verification recomputes the chain (domain/AuditChain,
-- the same encoding in Java) and names the first entry that does not match. The hashes are
-- computed here, in the insert trigger, so that every way of appending (the ORM session, the
-- one-statement match evaluation) is sealed the same way and the sealing cannot be skipped by
-- the service. Only core functions (sha256, PostgreSQL 11; gen_random_uuid, 13): no extension.
--
-- Encoding (domain/AuditChain mirrors it byte for byte):
--   field(t)       = int4(-1) when t is null, else int4(length of t in UTF-8) || t in UTF-8
--   content_digest = sha256(content_salt || field(reason) || field(evidence as jsonb text))
--   hash           = sha256(int8(seq) || uuid(id) || int8(at in epoch microseconds)
--                           || field(actor) || field(action) || field(subject)
--                           || content_digest || prev_hash)
--   prev_hash of the first entry: 32 zero bytes.
-- An erasure redacts the personal part and drops the salt (the digest stays and keeps the chain
-- whole, but can no longer be matched against a guess of the erased content).

alter table audit_entry
    add column seq            bigint,
    add column content_salt   bytea,
    add column content_digest bytea,
    add column prev_hash      bytea,
    add column hash           bytea;

create function audit_field(value text) returns bytea language sql immutable as $$
    select case when value is null then int4send(-1)
                else int4send(length(convert_to(value, 'UTF8'))) || convert_to(value, 'UTF8') end
$$;

create function audit_content_digest(p_salt bytea, p_reason text, p_evidence jsonb) returns bytea
    language sql immutable as $$
    select sha256(p_salt || audit_field(p_reason) || audit_field(p_evidence::text))
$$;

create function audit_entry_hash(p_seq bigint, p_id uuid, p_at timestamptz, p_actor text, p_action text, p_subject text,
        p_content_digest bytea, p_prev_hash bytea) returns bytea language sql immutable as $$
    select sha256(int8send(p_seq) || uuid_send(p_id) || int8send((extract(epoch from p_at) * 1000000)::bigint)
                  || audit_field(p_actor) || audit_field(p_action) || audit_field(p_subject)
                  || p_content_digest || p_prev_hash)
$$;

-- Existing entries are sealed here, in (at, id) order (their insertion order is not known). An
-- entry an erasure already redacted is sealed as it is now, without a salt.
alter table audit_entry disable trigger audit_entry_no_update_or_delete;
do $$
declare
    r      record;
    n      bigint := 0;
    prev   bytea := decode(repeat('00', 32), 'hex');
    salt   bytea;
    digest bytea;
begin
    for r in select * from audit_entry order by at, id loop
        n := n + 1;
        salt := case when r.reason is null and r.evidence = jsonb_build_object('redacted', r.evidence ->> 'redacted')
                     then null else uuid_send(gen_random_uuid()) end;
        digest := audit_content_digest(coalesce(salt, ''::bytea), r.reason, r.evidence);
        update audit_entry
        set seq = n, content_salt = salt, content_digest = digest, prev_hash = prev,
            hash = audit_entry_hash(n, r.id, r.at, r.actor, r.action, r.subject, digest, prev)
        where id = r.id
        returning hash into prev;
    end loop;
end
$$;
alter table audit_entry enable trigger audit_entry_no_update_or_delete;

alter table audit_entry
    alter column seq set not null,
    alter column content_digest set not null,
    alter column prev_hash set not null,
    alter column hash set not null;
-- One entry per position: a fork of the chain (two entries after the same one) cannot be stored.
create unique index audit_entry_seq on audit_entry (seq);

-- Seals every new entry; what the inserting statement gave for these columns is ignored.
--
-- Appends are serialized with a transaction-scoped advisory lock (key 7140101, "the audit chain"),
-- held until the appending transaction commits or rolls back: the next appender waits for it and
-- then reads the committed last entry (each statement of this volatile function takes a fresh
-- snapshot under READ COMMITTED), so positions follow commit order with no gap and no fork.
-- Locking the last row instead (select ... for update) does not work: an appender that waited
-- for that row's lock still gets that row, not the one committed meanwhile after it, and an empty
-- log has no row to lock. The cost: audited transactions commit one at a time from their first
-- append on, so an append should come after every row lock its transaction takes (a transaction
-- that appended and then waits for a row lock another appender holds would deadlock; PostgreSQL
-- detects it and aborts one). A transaction at REPEATABLE READ could read a stale last entry; the
-- unique position then refuses its insert instead of forking the chain.
create function audit_entry_chain() returns trigger language plpgsql as $$
declare
    last record;
begin
    perform pg_advisory_xact_lock(7140101);
    select a.seq, a.hash into last from audit_entry a order by a.seq desc limit 1;
    new.seq := coalesce(last.seq, 0) + 1;
    new.prev_hash := coalesce(last.hash, decode(repeat('00', 32), 'hex'));
    new.content_salt := uuid_send(gen_random_uuid());
    new.content_digest := audit_content_digest(new.content_salt, new.reason, new.evidence);
    new.hash := audit_entry_hash(new.seq, new.id, new.at, new.actor, new.action, new.subject, new.content_digest,
        new.prev_hash);
    return new;
end
$$;

create trigger audit_entry_chain before insert on audit_entry
    for each row execute function audit_entry_chain();

-- True when the erasure exists and was recorded by the current transaction: an erasure redacts in
-- the transaction that records it, so neither a made-up id nor an earlier erasure's id opens the
-- exception. (xmin is the 32-bit transaction id, the low half of pg_current_xact_id().)
create function audit_erasure_in_progress(p_erasure text) returns boolean language sql stable as $$
    select exists (select 1 from erasure_request r
                   where cast(r.id as text) = p_erasure
                     and cast(cast(r.xmin as text) as bigint) = cast(cast(pg_current_xact_id() as text) as numeric) % 4294967296)
$$;

-- The append-only rule of V3/V5, now also keeping the seal: inside a transaction that declared an
-- erasure (set_config('outpost.audit_redaction', <erasure id>, true)) and recorded it in
-- erasure_request, an entry's reason and evidence may be replaced by {"redacted": <erasure id>}
-- and its salt dropped; its facts, position, digest and hashes stay. Everything else is refused.
create or replace function audit_entry_append_only() returns trigger language plpgsql as $$
declare
    erasure text := coalesce(current_setting('outpost.audit_redaction', true), '');
begin
    if tg_op = 'UPDATE' and erasure <> ''
            and new.id = old.id and new.at = old.at and new.actor = old.actor and new.action = old.action
            and new.subject = old.subject and new.reason is null
            and new.evidence = jsonb_build_object('redacted', erasure)
            and new.content_salt is null
            and new.seq = old.seq and new.content_digest = old.content_digest
            and new.prev_hash = old.prev_hash and new.hash = old.hash
            and audit_erasure_in_progress(erasure) then
        return new;
    end if;
    raise exception 'audit_entry is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;

-- The one way the service redacts: the runtime role may insert and read audit_entry but not
-- update it (afterMigrate.sql), so the redaction runs with the owner's rights, for an erasure the
-- calling transaction recorded, and only as the trigger above allows. Entries about the
-- identities (subject) or the customer (naming it, or a match evaluation that showed it).
create function audit_entry_redact(p_erasure uuid, p_subjects text[], p_customer text) returns integer
    language plpgsql security definer set search_path from current as $$
declare
    n integer;
begin
    if not audit_erasure_in_progress(cast(p_erasure as text)) then
        raise exception 'no erasure % recorded in this transaction: redaction refused', p_erasure
            using errcode = 'insufficient_privilege';
    end if;
    perform set_config('outpost.audit_redaction', cast(p_erasure as text), true);
    update audit_entry
    set reason = null, evidence = jsonb_build_object('redacted', cast(p_erasure as text)), content_salt = null
    where (subject = any (p_subjects)
           or (p_customer is not null
               and (evidence ->> 'customerId' = p_customer
                    or evidence -> 'candidates' @> jsonb_build_array(jsonb_build_object('customerId', p_customer)))))
      and evidence ->> 'redacted' is null;
    get diagnostics n = row_count;
    perform set_config('outpost.audit_redaction', '', true);
    return n;
end
$$;

revoke all on function audit_entry_redact(uuid, text[], text) from public;
