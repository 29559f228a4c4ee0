-- The cases a survey may follow, recorded when they open: what the sending policy needs later
-- (when the case resolves) without asking case-service. One row per case.
create table survey_case (
    case_id              uuid        primary key,
    channel              text        not null,
    -- The customer on the platform: fatigue limits count surveys per person and per recipient.
    customer_platform_id text        not null,
    -- Platform time of the post that opened the case.
    opened_at            timestamptz not null,
    recorded_at          timestamptz not null
);

create index survey_case_opened on survey_case (opened_at desc, case_id desc);
create index survey_case_channel_opened on survey_case (channel, opened_at desc, case_id desc);
create index survey_case_customer on survey_case (channel, customer_platform_id);
