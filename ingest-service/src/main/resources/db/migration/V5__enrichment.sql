-- Enrichment: bots repeating themselves are recognised from the database, not from memory, so the
-- decision survives restarts and is the same on every replica. text_fingerprint is the SHA-256 of
-- the normalized text (only for texts long enough to be checked); hidden_reason what post.ingested
-- said about hiding the post.
alter table post add column text_fingerprint text;
alter table post add column hidden_reason text;

-- The repeat check: the same author's copies of one text within the window, by platform time.
create index post_repeats on post (channel, author_platform_id, text_fingerprint, created_at)
    where text_fingerprint is not null;
