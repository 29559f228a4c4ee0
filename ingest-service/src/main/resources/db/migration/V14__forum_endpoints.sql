-- Forum delivery (README "Channels out", "Forum"): a forum account names its integration's endpoint,
-- and replies are POSTed there signed with the account's signing secret. The secret is stored
-- sealed (AES-256-GCM with outpost.channel-accounts.secret-key, bound to the account's id), never in
-- clear and never returned by the API; signing_secret_set_at tells an admin when it was last rotated.
alter table channel_account add column endpoint_url text;
alter table channel_account add column signing_secret bytea;
alter table channel_account add column signing_secret_set_at timestamptz;
