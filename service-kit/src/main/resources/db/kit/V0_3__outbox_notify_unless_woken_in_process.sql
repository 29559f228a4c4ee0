-- Shared by every Outpost service (service-kit): the insert trigger sends no NOTIFY for a transaction whose
-- writer wakes the outbox relay in-process after its commit (README "The relay's wake-ups"). Such a writer
-- sets outpost.outbox_notify to 'off' for its transaction in the insert statement itself (Outbox.addAll);
-- every other writer (a resource's @WithTransaction, a scheduler, another replica, psql) never sets it and
-- notifies as before. current_setting(.., true) is null where the setting was never made in the session,
-- and '' once a transaction that made it has ended. Replacing the function is all: the trigger keeps
-- calling it, on existing databases (applied out of order, after a service's own migrations) as on fresh ones.

create or replace function outbox_event_notify() returns trigger language plpgsql as $$
begin
    if coalesce(current_setting('outpost.outbox_notify', true), '') <> 'off' then
        perform pg_notify('outbox_event', '');
    end if;
    return null;
end
$$;
