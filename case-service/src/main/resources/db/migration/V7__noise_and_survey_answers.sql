-- Noise does not drive cases (issue 17, item 6).

-- A hidden post (bot, spam, campaign: ingest-service's enrichment.hiddenReason) that joins a case
-- is kept on the timeline with its reason, but does not reopen the case, start an SLA turn or
-- become the post a public reply answers, until a person un-hides it (when and who).
alter table case_post add column hidden_reason text;
alter table case_post add column unhidden_at   timestamptz;
alter table case_post add column unhidden_by   text;
-- A DM filed as the answer to this survey (a score or "stop" after survey-service's invitation):
-- the survey's, not a customer message for the case.
alter table case_post add column survey_id     uuid;

-- The surveys survey-service sent about our cases (survey.sent), and when one was answered
-- (survey.answered): while one is outstanding, a DM of its customer that reads as a score is
-- filed as its answer.
create table case_survey (
    -- survey-service's survey id
    id          uuid        primary key,
    case_id     uuid        not null references customer_case (id),
    channel     text        not null,
    -- nps, csat or ces: the scale a DM is read against
    kind        text        not null,
    sent_at     timestamptz not null,
    -- the end of the response window; null when the event did not say (then no DM is read as its answer)
    expires_at  timestamptz,
    answered_at timestamptz
);

create index case_survey_case on case_survey (case_id);
