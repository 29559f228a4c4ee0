-- Erasure deadlines (issue 16): when every expected service had confirmed. The overdue probe reads
-- only the erasures not yet complete (partial index), so its cost stays with the open erasures,
-- not with every erasure ever made.
alter table erasure_request add column completed_at timestamptz;

-- Erasures made before this migration: complete if the four services expected by default confirmed.
update erasure_request r set completed_at = c.last
from (select erasure_id, max(received_at) as last, count(distinct service) as services from erasure_confirmation
      where service in ('ingest-service', 'case-service', 'routing-service', 'survey-service') group by erasure_id) c
where c.erasure_id = r.id and c.services = 4;

create index erasure_request_open on erasure_request (requested_at) where completed_at is null;
