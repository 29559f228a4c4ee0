-- routing-service: agents, the cases waiting for one, and who got which case.
-- Multi-valued profile fields (skills, languages, capacity per channel) are JSON text: the routing
-- choice is made in Java (RoutingDecision); SQL only pre-filters by presence and channel.

create table agent (
    id               uuid        primary key,
    -- The token's preferred_username/upn: how an agent is recognised when setting their own presence.
    username         text        not null,
    display_name     text        not null,
    team             text,
    skills           text        not null default '{}',  -- {"billing": 4}: proficiency 1-5
    languages        text        not null default '[]',  -- ["en", "de"]: ISO 639-1
    channels         text        not null default '{}',  -- {"x": 4, "facebook": 2}: concurrent cases per channel
    presence         text        not null,
    presence_since   timestamptz not null,
    last_assigned_at timestamptz,
    created_at       timestamptz not null,
    constraint agent_username unique (username),
    constraint agent_presence check (presence in ('available', 'busy', 'away', 'offline'))
);

create index agent_by_presence on agent (presence, id);

-- One row per case routing-service has seen: it waits until an agent takes it. The case id as key
-- makes a second case.opened for the same case a no-op.
create table routing_task (
    case_id         uuid        primary key,
    channel         text        not null,
    priority        integer     not null check (priority between 1 and 4),
    required_skills text        not null default '[]',
    language        text,
    opened_at       timestamptz not null,
    enqueued_at     timestamptz not null,
    status          text        not null check (status in ('waiting', 'assigned')),
    last_attempt_at timestamptz not null,
    assigned_at     timestamptz
);

-- The queue: what an agent who becomes available takes first.
create index routing_task_queue on routing_task (channel, priority, enqueued_at) where status = 'waiting';
-- The backstop sweep visits waiting tasks round-robin.
create index routing_task_sweep on routing_task (last_attempt_at) where status = 'waiting';

create table assignment (
    id          uuid        primary key,
    case_id     uuid        not null,
    agent_id    uuid        not null references agent (id),
    channel     text        not null,
    assigned_at timestamptz not null,
    -- Set when the case is resolved or transferred (later): the agent's capacity returns.
    released_at timestamptz,
    reason      text        not null
);

-- A case has at most one active assignment, whatever the code above does.
create unique index assignment_one_active_per_case on assignment (case_id) where released_at is null;
-- An agent's load: active assignments per channel.
create index assignment_active_by_agent on assignment (agent_id, channel) where released_at is null;
