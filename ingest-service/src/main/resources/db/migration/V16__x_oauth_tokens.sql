-- X OAuth 2.0 user tokens (README "Channel accounts", "X tokens"): an X account may carry its access and
-- refresh token, both sealed like a forum's signing secret (AES-256-GCM with
-- outpost.channel-accounts.secret-key, bound to the account's id and the token's purpose), never in clear
-- and never returned by the API. X access tokens live 2 hours and X rotates the refresh token on every
-- use, so both are rewritten by every refresh.
alter table channel_account add column access_token bytea;
alter table channel_account add column refresh_token bytea;
alter table channel_account add column access_token_expires_at timestamptz;
-- The short claim that decides which replica refreshes (a conditional update; no transaction is held
-- across the call to X). Past this instant a claim is void: its holder died or gave up.
alter table channel_account add column refresh_claimed_until timestamptz;
-- Whether the account's credentials last worked: ok, failing (with the platform's reason) or unknown
-- (never used since they were set). The gauge outpost.channel.account.credentials.failing is loaded from it.
alter table channel_account add column credentials_status text not null default 'unknown';
alter table channel_account add column credentials_error text;
alter table channel_account add column credentials_checked_at timestamptz;
alter table channel_account add constraint channel_account_credentials_status
    check (credentials_status in ('ok', 'failing', 'unknown'));
