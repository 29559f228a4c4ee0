-- The right account, always (issue 17, item 2): the platform id of our channel account the customer
-- wrote to, from case.resolved.accountId. The invitation goes out from it (outbound.requested.accountId);
-- null is the channel's default account, as for every survey decided before this.
alter table survey add column account_id text;
