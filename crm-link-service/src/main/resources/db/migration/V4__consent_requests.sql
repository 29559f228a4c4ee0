-- The consent request flow (issue 7): an admin or agent asks a social identity for consent; a DM
-- carries a signed, expiring link to the consent page, where the person grants, declines or
-- withdraws.

create table consent_request (
    id              uuid        primary key,
    identity_id     uuid        not null references social_identity (id),
    -- The customer the identity would be linked to, when the request is about a link.
    customer_id     text        references crm_customer (id),
    -- The purposes asked for, wire names, comma-separated, in the order shown.
    purposes        text        not null,
    -- The version of the consent text (the DM and the page) the person is shown: evidence.
    text_version    text        not null,
    requested_by    text        not null,
    reason          text,
    requested_at    timestamptz not null,
    -- When the page link stops working (grant, decline and withdrawal alike).
    link_expires_at timestamptz not null,
    -- The outbound DM (outpost.outbound messageId) that carried the link.
    message_id      uuid        not null,
    -- The first answer on the page: a request is answered once (single use); withdrawal stays
    -- possible until the link expires.
    answered_at     timestamptz
);

create index consent_request_identity on consent_request (identity_id, requested_at desc);

-- A decision made on the consent page: its own evidence source, and the request it answered.
alter table consent drop constraint consent_source_check;
alter table consent add constraint consent_source_check
    check (source in ('channel-message', 'admin-action', 'consent-page'));
alter table consent add column request_id uuid references consent_request (id);
alter table consent_event add column request_id uuid references consent_request (id);

-- A grant that ran out is announced once (consent-changed "expired", audit "consent.expired") by
-- the expiry sweep; a new decision clears the mark.
alter table consent add column expiry_announced_at timestamptz;
create index consent_due_to_expire on consent (expires_at) where status = 'granted' and expiry_announced_at is null;
