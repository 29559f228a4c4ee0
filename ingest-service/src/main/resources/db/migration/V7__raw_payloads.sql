-- Every webhook delivery we accepted, as the platform sent it (the signed bytes, as UTF-8 JSON), kept
-- for audit for outpost.raw-payloads.retention and then purged. An erasure redacts the deliveries
-- that mention the person: body set to null, redacted_at set (the fact of the delivery stays).
create table raw_payload (
    id           uuid        primary key,
    platform     text        not null,
    received_at  timestamptz not null,
    body         text,
    redacted_at  timestamptz
);

-- The purge's scan: everything received before the cut-off.
create index raw_payload_received_at on raw_payload (received_at);
