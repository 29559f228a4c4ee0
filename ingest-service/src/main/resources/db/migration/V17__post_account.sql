-- The account a post was addressed to (issue 17, "the right account"): the platform id of our channel
-- account the delivery was for (X's for_user_id, Meta's entry[].id, the post API's accountId). It rides
-- on post.ingested so case-service answers from the account the customer wrote to. Null for imports
-- and for posts stored before this column. (V16 is the X OAuth token columns of the same change.)
alter table post add column account_id text;
