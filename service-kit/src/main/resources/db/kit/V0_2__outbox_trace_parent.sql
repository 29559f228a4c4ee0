-- Shared by every Outpost service (service-kit): the W3C traceparent of the transaction that wrote an
-- outbox event, so that the relay publishes it within the same trace (README "Tracing"). Null when the
-- writer had no trace context. Databases migrated before this file existed (a service's own V1.. already
-- applied) take it out of order: quarkus.flyway.out-of-order=true (microprofile-config.properties).

alter table outbox_event add column if not exists trace_parent text;
