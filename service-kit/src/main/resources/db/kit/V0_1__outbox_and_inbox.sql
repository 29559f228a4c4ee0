-- Shared by every Outpost service (service-kit): the transactional outbox and the idempotent inbox.

create table outbox_event (
    seq         bigserial primary key,
    id          uuid        not null unique,
    topic       text        not null,
    event_key   text        not null,
    type        text        not null,
    source      text        not null,
    occurred_at timestamptz not null default now(),
    payload     text        not null
);

-- Wakes the relay when a transaction that wrote events commits (NOTIFY is delivered on commit).
create function outbox_event_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox_event', '');
    return null;
end
$$;

create trigger outbox_event_notify after insert on outbox_event
    for each statement execute function outbox_event_notify();

create table processed_event (
    event_id     text        primary key,
    processed_at timestamptz not null default now()
);

create index processed_event_processed_at on processed_event (processed_at);
