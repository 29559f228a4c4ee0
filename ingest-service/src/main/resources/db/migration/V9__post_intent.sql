-- The post's enrichment as published (the event stays the reference): intent, language and sentiment
-- are kept so that surges (GET /api/v1/surges) can be counted per intent in the database.
alter table post add column intent text;
alter table post add column language text;
alter table post add column sentiment double precision;

-- Surge counting: customer posts per intent over a time range (platform time).
create index post_surges on post (created_at, intent)
    where intent is not null and not from_own_account and hidden_reason is null and deleted_at is null;
