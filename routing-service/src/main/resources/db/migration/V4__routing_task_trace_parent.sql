-- routing-service: the W3C traceparent of the case.opened (or case.updated) that brought the case in, so
-- that its assignment.created continues the post's trace even when the case waited for an agent and is
-- assigned later, in another transaction (service-kit README "Tracing"). Null when it came without one.
alter table routing_task add column trace_parent text;
