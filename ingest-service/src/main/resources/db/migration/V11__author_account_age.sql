-- One text from many new accounts (README "Bots and spam"): when the author's platform account was
-- created, as the platform said with the post (X's user object); null when it did not say (Meta,
-- imports, the post API), and such authors never count as new. Only this field of the profile is
-- kept: the rest travels on post.ingested and is not needed here.
alter table post add column author_account_created_at timestamptz;

-- The campaign check: copies of one text on a channel within the window, by platform time, from
-- authors whose account age is known.
create index post_campaigns on post (channel, text_fingerprint, created_at)
    where text_fingerprint is not null and author_account_created_at is not null;
