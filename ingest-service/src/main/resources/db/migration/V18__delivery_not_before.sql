-- A message the platform refused for its rate limit, with a reset past the retry budget
-- (outpost.outbound.retry.max-duration), is parked: back to 'pending' with the time it may be sent
-- again. The sweeper sends a parked row only once that time has passed; a restart in between loses
-- nothing (the row is the state) and sends nothing twice (the claim is still pending -> sending).
alter table delivery add column not_before timestamptz;
