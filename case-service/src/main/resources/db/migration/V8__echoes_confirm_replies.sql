-- Echoes are confirmations, not responses (issue 17, item 4).

-- A reply counts as a response only once the customer can see it: from when it was delivered
-- (the earlier of ingest-service's delivery report and the platform's own time on the echo of
-- it), and confirmed when the platform sent that echo back (its platform time).
alter table case_reply add column delivered_at timestamptz;
alter table case_reply add column confirmed_at timestamptz;
update case_reply set delivered_at = reported_at where status = 'delivered';

-- An echo of our own reply comes back as an own-account post whose external id is the reply's
-- platform message id; it is kept (so a redelivery is recognised) but marked as the reply's echo:
-- not an agent post of its own and never a second response.
alter table case_post add column echo_of_reply_id uuid references case_reply (id);

-- Echoes and delivery reports find each other by the platform's message id.
create index case_reply_platform_message on case_reply (platform_message_id) where platform_message_id is not null;

-- The past under the same rules: echoes already filed as our own posts become their replies'
-- confirmations, and first responses are recomputed (delivered replies at their delivery, posts the
-- brand typed on the platform at their platform time). Merged-away cases keep theirs: their posts
-- and replies count in the case they went into.
update case_post p set echo_of_reply_id = r.id
  from case_reply r join customer_case c on c.id = r.case_id
 where p.from_own_account and p.echo_of_reply_id is null
   and r.platform_message_id = p.external_id and c.channel = p.channel and p.case_id = r.case_id;
update case_reply r set confirmed_at = e.created_at,
       delivered_at = least(coalesce(r.delivered_at, e.created_at), e.created_at)
  from (select echo_of_reply_id, min(created_at) as created_at from case_post
         where echo_of_reply_id is not null group by echo_of_reply_id) e
 where e.echo_of_reply_id = r.id;
update customer_case c set first_response_at = (
    select min(t) from (
        select r.delivered_at as t from case_reply r where r.case_id = c.id and r.delivered_at is not null
        union all
        select p.created_at from case_post p where p.case_id = c.id and p.from_own_account
           and p.echo_of_reply_id is null) responses)
 where c.merged_into_case_id is null;
