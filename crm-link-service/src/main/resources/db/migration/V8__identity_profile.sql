-- The latest public profile an identity's platform sent with a post (issue 7: "profile fields when
-- present"; X sends them, Meta does not). All optional: the author's own, unverified words.
-- profile_seen_at is the platform time of the post that carried the profile: an older post that
-- arrives late never overwrites a newer profile, and a post without a profile leaves it alone.
-- Deleted with the identity row (erasure).
alter table social_identity
    add column profile_location           text,
    add column profile_description        text,
    add column profile_url                text,
    add column profile_account_created_at timestamptz,
    add column profile_followers_count    integer,
    add column profile_verified           boolean,
    add column profile_seen_at            timestamptz,
    add constraint social_identity_profile_seen check (
        profile_seen_at is not null or (profile_location is null and profile_description is null and profile_url is null
            and profile_account_created_at is null and profile_followers_count is null and profile_verified is null));
