-- Echoes of our own messages that are no case replies (issue 17, item 4): survey invitations
-- (survey-service), consent requests (crm-link-service), incidents' public posts. Their delivery
-- reports match no case_reply, so their echoes used to be filed as posts the brand typed on the
-- platform: a response, often the case's first, and a second one that spoiled first-contact
-- resolution. Every delivered report that matches no reply is remembered here by the platform's
-- message id, which is the external id its echo comes back with.
create table own_message (
    channel             text        not null,
    platform_message_id text        not null,
    -- the outbound message id (delivery.reported.messageId: a survey id, a consent request's message id)
    message_id          uuid        not null,
    -- the case the report named, if any (a consent request names none)
    case_id             uuid,
    reported_at         timestamptz not null,
    primary key (channel, platform_message_id)
);

-- An own-account post that is the echo of such a message: kept (a redelivery is "already filed"),
-- never a response and not shown as a post.
alter table case_post add column echo_of_message_id uuid;
