-- The right account, always (issue 17, item 2): the platform id of our channel account the customer
-- wrote to (post.ingested.accountId). The case keeps the first one its conversation named
-- (domain/CaseAccount) and every message case-service sends for the case goes out from it; null is
-- the channel's default account, as for every case before this (their account is not known).
alter table customer_case add column account_id text;
-- The account each post was addressed to, when named: a post to another of our accounts in the same
-- conversation keeps its own here, while the case keeps the first.
alter table case_post add column account_id text;
