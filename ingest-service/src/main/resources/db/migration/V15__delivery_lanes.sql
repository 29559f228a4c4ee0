-- The rate-limit lane of an outbound message (outbound.requested's optional "lane"): 'ordinary' for a
-- conversation's own messages, 'bulk' for an incident's replies, which use only what ordinary sends
-- leave of the account's limit. On the row so that the sweeper's resend of a pending row keeps its lane.
-- Numbered V15 (V14 is forum_endpoints; another change in flight also adds a V14).
alter table delivery add column lane text not null default 'ordinary',
    add constraint delivery_lane check (lane in ('ordinary', 'bulk'));
