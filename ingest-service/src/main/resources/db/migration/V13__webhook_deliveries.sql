-- Webhook deliveries taken off the intake buffer (outpost.webhooks) and what each led to. The row
-- is written in the transaction that ingests the delivery, so a record read again (a redelivery
-- after a crash or a rebalance, or the same record written twice) finds it and changes nothing.
-- Counts only, no content: the content is raw_payload's (same id), under its retention.
create table webhook_delivery (
    id            uuid        primary key,
    platform      text        not null,
    received_at   timestamptz not null,
    processed_at  timestamptz not null,
    accepted      integer     not null,
    duplicates    integer     not null,
    skipped       integer     not null,
    changed       integer     not null,
    unchanged     integer     not null
);

-- The retention purge's scan.
create index webhook_delivery_received_at on webhook_delivery (received_at);
