-- Consented links from social identities to CRM customers (crm-link-service's link-confirmed /
-- link-removed): two accounts linked to one customer are one person for the fatigue limit.
-- Ids only; no CRM data.
create table identity_link (
    channel          text        not null,
    platform_user_id text        not null,
    link_id          uuid        not null,
    customer_id      text        not null,
    confirmed_at     timestamptz not null,
    primary key (channel, platform_user_id)
);

create index identity_link_customer on identity_link (customer_id);
