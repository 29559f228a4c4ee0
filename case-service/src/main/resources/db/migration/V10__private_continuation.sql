-- Public and private in one case (issue 17, item 3; README "Decisions", threading rule 6): a customer's DM
-- thread that continued their public case finds that case again through its posts, so case_post is looked
-- up by conversation for private posts whose thread opened no case of its own.
create index case_post_conversation on case_post (channel, conversation_key);
