-- Erasure requests this service carried out (outpost.identity erasure-requested): one row per
-- request, written with the anonymisation and the erasure-confirmed event in one transaction, so a
-- repeated request (a new event id for the same erasure) changes and publishes nothing.
create table erasure (
    erasure_id        uuid        primary key,
    records_affected  integer     not null,
    confirmed_at      timestamptz not null
);
