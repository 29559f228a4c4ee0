-- Bulk customer import (issue 7): a file uploaded to disk, read as a stream by a background job
-- that commits its counters and position with each batch of customers, so a restart resumes
-- without counting anything twice.

create table customer_import (
    id                uuid        primary key,
    format            text        not null check (format in ('csv', 'ndjson')),
    status            text        not null check (status in ('queued', 'running', 'completed', 'failed')),
    error             text,
    -- Records read (CSV: after the header; blank lines skipped) = accepted + rejected.
    lines_read        bigint      not null default 0,
    accepted          bigint      not null default 0,
    rejected          bigint      not null default 0,
    created_by        text        not null,
    created_at        timestamptz not null,
    started_at        timestamptz,
    finished_at       timestamptz
);

-- The first rejections of a job (line and reason); all are counted in customer_import.rejected.
create table customer_import_rejection (
    import_id uuid   not null references customer_import (id) on delete cascade,
    line      bigint not null,
    reason    text   not null,
    primary key (import_id, line)
);
