-- After every migration run (Flyway callback, also when nothing was pending): the runtime role's
-- privileges (README "Tamper evidence"). Migrations run as the owner (quarkus.flyway.username);
-- the service runs as ${app_role} (quarkus.datasource.username), which may read and write the
-- service's tables but only INSERT and SELECT the audit log: it cannot update, delete or truncate
-- an entry, drop or disable the audit triggers, or alter the table (only the owner can). An
-- erasure redacts through audit_entry_redact (V9), which runs with the owner's rights and only for
-- the erasure its transaction recorded. Re-granted on every start, so a table added by a later
-- migration is covered without a grant of its own.
do $$
declare
    app    text := '${app_role}';
    schema text := current_schema();
begin
    if app = '' or app = current_user then
        -- Not split (an installation that still gives one user for both): nothing to grant. The
        -- hash chain still makes a change evident; the privileges would prevent it.
        raise notice 'crm-link-service runs as its migration user %: the audit log is protected by its triggers and hash chain only', current_user;
        return;
    end if;
    if not exists (select 1 from pg_roles where rolname = app) then
        if exists (select 1 from pg_roles where rolname = current_user and (rolcreaterole or rolsuper)) then
            -- Local infrastructure (devstack: trusted local connections). In a cluster the role is
            -- created beforehand, with a password, like the owner.
            execute format('create role %I login', app);
        else
            raise exception 'the runtime database role % does not exist: create it (LOGIN, with a password) before starting crm-link-service', app;
        end if;
    end if;
    execute format('grant usage on schema %I to %I', schema, app);
    execute format('grant select, insert, update, delete on all tables in schema %I to %I', schema, app);
    execute format('grant usage, select on all sequences in schema %I to %I', schema, app);
    execute format('revoke update, delete, truncate, references, trigger on audit_entry from %I', app);
    execute format('revoke all on %I from %I', '${flyway:table}', app);
    execute format('grant execute on function audit_entry_redact(uuid, text[], text) to %I', app);
end
$$;
