-- Issue 18, claiming from the inbox: an agent or supervisor takes an unassigned case themselves. A claim
-- knows the caller only by login (the token's preferred_username), while case.updated names the agent by
-- routing-service's agent id, which routing needs to follow the claim. case-service learns each login's
-- agent id from the assignments topic it already reads (assignment.created and offer.made carry both).
create table agent_directory (
    username  text        primary key,
    agent_id  uuid        not null,
    name      text,
    team      text,
    -- the time of the event that named them: an older event does not overwrite a newer one
    seen_at   timestamptz not null
);

-- The claimable queue: unassigned, shown to agents (not hidden), newest first.
create index customer_case_unassigned_list on customer_case (opened_at desc, id desc)
    where assignee_id is null and assignee_username is null and hidden_reason is null;
