-- The right account, always (issue 17, item 2): the platform id of our channel account the person last
-- wrote to (post.ingested.accountId of their latest post, by platform time) and that post's platform
-- time, so a late older post never replaces a newer one (domain/AddressedAccount). A consent request DM
-- goes out from it; null is the channel's default account, as for every identity learned before this.
-- Ours, not the person's data; deleted with the identity row (erasure).
alter table social_identity
    add column last_account_id      text,
    add column last_account_seen_at timestamptz,
    add constraint social_identity_last_account check ((last_account_id is null) = (last_account_seen_at is null));
