-- routing-service, issue 5: offers, bullseye rules, SLA ordering, preferred agents, case lifecycle.

-- The outermost ring reaches supervisors.
alter table agent add column supervisor boolean not null default false;

-- A task is waiting, offered (an agent has not accepted yet), assigned, or closed (the case was
-- resolved or closed; kept so that a reopened case returns to the queue).
alter table routing_task drop constraint routing_task_status_check;
alter table routing_task add constraint routing_task_status check (status in ('waiting', 'offered', 'assigned', 'closed'));
alter table routing_task
    -- When the next SLA target falls due (case.opened firstResponseDueAt, case.updated nextDueAt).
    add column due_at timestamptz,
    -- The queue the routing rules put the case in (for the queue view).
    add column queue text not null default 'default',
    -- Who the customer is on the platform: the key of the preferred-agent memory. Erasable.
    add column customer_channel text,
    add column customer_platform_user_id text,
    -- The customer's previous agent when the case arrived.
    add column preferred_agent_id uuid,
    -- Agents who declined the case or let its offer lapse (JSON array of ids): not offered it again.
    add column excluded_agents text not null default '[]',
    add column closed_at timestamptz;

drop index routing_task_queue;
create index routing_task_queue on routing_task (channel, priority, due_at, enqueued_at, case_id) where status = 'waiting';
create index routing_task_by_customer on routing_task (customer_channel, customer_platform_user_id)
    where customer_platform_user_id is not null;

-- An assignment is first an offer (unless rules auto-accept), then accepted; either counts
-- against the agent's capacity until released (with why).
alter table assignment
    add column state text not null default 'accepted',
    add column offer_expires_at timestamptz,
    add column accepted_at timestamptz,
    add column release_reason text,
    -- The decision's explanation (ring, candidates considered, scores) as JSON.
    add column explanation text;
alter table assignment add constraint assignment_state check (state in ('offered', 'accepted'));
update assignment set accepted_at = assigned_at;
update assignment set release_reason = 'resolved' where released_at is not null;
create index assignment_open_offers on assignment (offer_expires_at) where released_at is null and state = 'offered';
create index assignment_offers_by_agent on assignment (agent_id) where released_at is null and state = 'offered';

-- A returning customer's previous agent: written when an assignment is accepted, erased on request.
create table preferred_agent (
    customer_channel         text        not null,
    customer_platform_user_id text       not null,
    agent_id                 uuid        not null references agent (id) on delete cascade,
    case_id                  uuid        not null,
    remembered_at            timestamptz not null,
    primary key (customer_channel, customer_platform_user_id)
);

-- The routing rules document (domain/RoutingRules as JSON); absent: the built-in defaults.
create table routing_rules (
    id         smallint    primary key check (id = 1),
    document   text        not null,
    updated_at timestamptz not null,
    updated_by text        not null
);
