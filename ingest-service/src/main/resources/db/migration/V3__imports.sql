-- Bulk imports (POST /api/v1/imports): one row per uploaded file, its progress committed batch by
-- batch. committed_offset / committed_line say where in the file the last committed batch ended,
-- so a job interrupted by a restart resumes there (the posts of a lost batch are found again by
-- PostStore's (channel, external_id) key and count as duplicates: never published twice).
create table import_job (
    id                 uuid        primary key,
    format             text        not null,
    content_type       text        not null,
    file_path          text        not null,
    file_size          bigint      not null,
    status             text        not null,
    lines_read         bigint      not null default 0,
    accepted           bigint      not null default 0,
    duplicates         bigint      not null default 0,
    rejected           bigint      not null default 0,
    published          bigint      not null default 0,
    committed_offset   bigint      not null default 0,
    committed_line     bigint      not null default 0,
    error              text,
    created_by         text,
    created_at         timestamptz not null,
    started_at         timestamptz,
    updated_at         timestamptz not null,
    finished_at        timestamptz
);

-- Keyset pagination of the list (oldest first) and the start-up scan for unfinished jobs.
create index import_job_created_at_id on import_job (created_at, id);
create index import_job_unfinished on import_job (status) where status in ('queued', 'running');

-- The first rejections of a job (how many is configurable); import_job.rejected counts all of them.
create table import_rejection (
    job_id  uuid   not null references import_job (id) on delete cascade,
    line    bigint not null,
    reason  text   not null,
    primary key (job_id, line)
);
