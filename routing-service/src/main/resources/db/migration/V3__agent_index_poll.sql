-- routing-service: the in-memory agent index re-reads the agents whose load changed since its last
-- poll (AgentIndex.pollChanges): assignments started or ended after a point in time.
create index assignment_by_assigned_at on assignment (assigned_at);
create index assignment_by_released_at on assignment (released_at) where released_at is not null;
