-- Deletes and edits reported by the platforms after a post was ingested. The post keeps its row (so a
-- redelivered creation stays a duplicate); deleted_at / edited_at say what happened to it.
alter table post add column deleted_at timestamptz;
alter table post add column edited_at timestamptz;

-- A delete or edit for a post we never ingested: recorded for audit, not published. The key makes a
-- redelivery of it a no-op.
create table unmatched_post_change (
    channel      text        not null,
    external_id  text        not null,
    kind         text        not null,
    occurred_at  timestamptz,
    received_at  timestamptz not null,
    primary key (channel, external_id, kind),
    constraint unmatched_post_change_kind check (kind in ('deleted', 'edited'))
);
