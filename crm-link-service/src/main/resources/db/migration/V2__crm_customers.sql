-- CRM customers as match candidates (issue 7). The attributes are the JSON of PersonAttributes as
-- given (any subset of names, emails, phones, account numbers, address, birth date); matching
-- normalizes them.
create table crm_customer (
    id         text        primary key,
    attributes text        not null,
    updated_at timestamptz not null
);

-- The customer's blocking keys (domain/BlockingKeys): a match compares a person only with the
-- customers sharing a key. Replaced whenever the customer is.
create table customer_blocking_key (
    key         text not null,
    customer_id text not null references crm_customer (id) on delete cascade,
    primary key (key, customer_id)
);

create index customer_blocking_key_customer on customer_blocking_key (customer_id);
