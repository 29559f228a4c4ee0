-- Outbound delivery (outpost.outbound -> the platforms -> outpost.delivery): one row per message id,
-- the idempotency key of the request. The primary key makes "record this request" idempotent
-- (a redelivered or re-requested message finds its row); the status makes "send it" happen at most
-- once: pending -> sending is a conditional update committed on its own before the platform is
-- called, and only the caller whose update changed the row sends. A row found 'sending' after its
-- sender can no longer be running is never resent: it is reported failed ("outcome unknown").
create table delivery (
    message_id          uuid        primary key,
    event_key           text,
    case_id             uuid,
    channel             text        not null,
    kind                text        not null,
    account_id          text,
    recipient_id        text,
    in_reply_to_id      text,
    text                text        not null,
    status              text        not null,
    attempts            integer     not null default 0,
    platform_message_id text,
    reason              text,
    created_at          timestamptz not null,
    sending_since       timestamptz,
    updated_at          timestamptz not null,
    constraint delivery_status check (status in ('pending', 'sending', 'delivered', 'failed'))
);

-- The sweeper's scans: pending rows left by a crash, and sending rows whose sender died.
create index delivery_unfinished on delivery (status, updated_at) where status in ('pending', 'sending');
