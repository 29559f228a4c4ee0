-- Social identities learned from posts. (channel, platform_user_id) is the identity; the handle
-- and display name are the latest the platform showed and can change.
create table social_identity (
    id               uuid        primary key,
    channel          text        not null,
    platform_user_id text        not null,
    handle           text,
    display_name     text,
    -- Platform time of the earliest and latest post seen from this identity.
    first_seen_at    timestamptz not null,
    last_seen_at     timestamptz not null,
    post_count       bigint      not null,
    -- When this service first learned the identity: immutable, so it orders stable pages.
    learned_at       timestamptz not null,
    -- Optimistic lock: two replicas learning from the same author at once retry instead of losing a count.
    version          bigint      not null default 0,
    constraint social_identity_channel_user unique (channel, platform_user_id)
);

create index social_identity_learned on social_identity (learned_at desc, id desc);
-- Admins search by handle prefix, case-insensitively.
create index social_identity_handle_prefix on social_identity (channel, lower(handle) text_pattern_ops);

-- Every handle change seen, in platform time. One row per change: a redelivered post or several
-- posts under the new handle do not add rows.
create table handle_change (
    id          uuid        primary key,
    identity_id uuid        not null references social_identity (id) on delete cascade,
    old_handle  text        not null,
    new_handle  text        not null,
    changed_at  timestamptz not null,
    -- The post that first showed the new handle.
    post_id     uuid        not null,
    constraint handle_change_once unique (identity_id, old_handle, new_handle, changed_at)
);

create index handle_change_identity on handle_change (identity_id, changed_at);

-- Delivery outcomes per channel, from outpost.delivery: counts only, nothing personal.
create table delivery_outcome (
    channel          text        primary key,
    delivered        bigint      not null default 0,
    failed           bigint      not null default 0,
    last_reported_at timestamptz not null
);
