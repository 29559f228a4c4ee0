package io.outpost.contracts;

/**
 * CloudEvents {@code type} attribute values. A breaking change to a payload is a new type with
 * the next version suffix; old versions stay readable.
 */
public final class EventTypes {

    public static final String POST_INGESTED = "io.outpost.post.ingested.v1";
    public static final String CASE_OPENED = "io.outpost.case.opened.v1";
    public static final String POST_DELETED = "io.outpost.post.deleted.v1";
    public static final String POST_EDITED = "io.outpost.post.edited.v1";
    public static final String CASE_UPDATED = "io.outpost.case.updated.v1";
    public static final String CASE_RESOLVED = "io.outpost.case.resolved.v1";
    public static final String CASE_SLA_BREACHED = "io.outpost.case.sla-breached.v1";
    public static final String CASE_POST_ADDED = "io.outpost.case.post-added.v1";
    public static final String ASSIGNMENT_CREATED = "io.outpost.assignment.created.v1";
    public static final String OFFER_MADE = "io.outpost.offer.made.v1";
    public static final String OFFER_ENDED = "io.outpost.offer.ended.v1";
    public static final String OUTBOUND_REQUESTED = "io.outpost.outbound.requested.v1";
    public static final String DELIVERY_REPORTED = "io.outpost.delivery.reported.v1";
    public static final String LINK_CONFIRMED = "io.outpost.identity.link-confirmed.v1";
    public static final String LINK_REMOVED = "io.outpost.identity.link-removed.v1";
    public static final String CONSENT_CHANGED = "io.outpost.identity.consent-changed.v1";
    public static final String ERASURE_REQUESTED = "io.outpost.identity.erasure-requested.v1";
    public static final String ERASURE_CONFIRMED = "io.outpost.identity.erasure-confirmed.v1";
    public static final String SURVEY_SENT = "io.outpost.survey.sent.v1";
    public static final String SURVEY_ANSWERED = "io.outpost.survey.answered.v1";
    public static final String INCIDENT_SUGGESTED = "io.outpost.incident.suggested.v1";
    public static final String CASE_PRESENCE = "io.outpost.console.case-presence.v1";

    private EventTypes() {
    }
}
