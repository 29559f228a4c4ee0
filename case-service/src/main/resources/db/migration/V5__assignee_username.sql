-- Issue 4: agents see their own cases. The assignee's login (assignment.created.agentUsername, or a
-- supervisor's override); null for unassigned cases and for assignments from producers that do not
-- send it (those stay visible to every agent, as before).
alter table customer_case add column assignee_username text;

create index customer_case_assignee_username_list on customer_case (assignee_username, opened_at desc, id desc)
    where assignee_username is not null;
