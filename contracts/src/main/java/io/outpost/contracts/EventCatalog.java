package io.outpost.contracts;

import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.CasePresence;
import io.outpost.contracts.events.CasePostAdded;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.ConsentChanged;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.contracts.events.IncidentSuggested;
import io.outpost.contracts.events.LinkConfirmed;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.contracts.events.OfferEnded;
import io.outpost.contracts.events.OfferMade;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.PostDeleted;
import io.outpost.contracts.events.PostEdited;
import io.outpost.contracts.events.PostIngested;
import io.outpost.contracts.events.SlaBreached;
import io.outpost.contracts.events.SurveyAnswered;
import io.outpost.contracts.events.SurveySent;
import java.util.List;
import java.util.Optional;

/**
 * Every event type Outpost publishes: its CloudEvents type, topic, payload record and JSON
 * Schema (a classpath resource). The contract tests walk this list, so a new event type is
 * covered as soon as it is added here.
 */
public final class EventCatalog {

    public record Entry(String type, String topic, Class<? extends Record> payload) {
        /** Classpath location of the JSON Schema of this type. */
        public String schemaResource() {
            return "/schemas/" + type + ".json";
        }
    }

    public static final List<Entry> ENTRIES = List.of(
            new Entry(EventTypes.POST_INGESTED, Topics.POSTS, PostIngested.class),
            new Entry(EventTypes.CASE_OPENED, Topics.CASES, CaseOpened.class),
            new Entry(EventTypes.ASSIGNMENT_CREATED, Topics.ASSIGNMENTS, AssignmentCreated.class),
            new Entry(EventTypes.OFFER_MADE, Topics.ASSIGNMENTS, OfferMade.class),
            new Entry(EventTypes.OFFER_ENDED, Topics.ASSIGNMENTS, OfferEnded.class),
            new Entry(EventTypes.OUTBOUND_REQUESTED, Topics.OUTBOUND, OutboundRequested.class),
            new Entry(EventTypes.DELIVERY_REPORTED, Topics.DELIVERY, DeliveryReported.class),
            new Entry(EventTypes.LINK_CONFIRMED, Topics.IDENTITY, LinkConfirmed.class),
            new Entry(EventTypes.LINK_REMOVED, Topics.IDENTITY, LinkRemoved.class),
            new Entry(EventTypes.POST_DELETED, Topics.POSTS, PostDeleted.class),
            new Entry(EventTypes.POST_EDITED, Topics.POSTS, PostEdited.class),
            new Entry(EventTypes.CASE_UPDATED, Topics.CASES, CaseUpdated.class),
            new Entry(EventTypes.CASE_RESOLVED, Topics.CASES, CaseResolved.class),
            new Entry(EventTypes.CASE_SLA_BREACHED, Topics.CASES, SlaBreached.class),
            new Entry(EventTypes.CASE_POST_ADDED, Topics.CASES, CasePostAdded.class),
            new Entry(EventTypes.CONSENT_CHANGED, Topics.IDENTITY, ConsentChanged.class),
            new Entry(EventTypes.ERASURE_REQUESTED, Topics.IDENTITY, ErasureRequested.class),
            new Entry(EventTypes.ERASURE_CONFIRMED, Topics.IDENTITY, ErasureConfirmed.class),
            new Entry(EventTypes.SURVEY_SENT, Topics.SURVEYS, SurveySent.class),
            new Entry(EventTypes.SURVEY_ANSWERED, Topics.SURVEYS, SurveyAnswered.class),
            new Entry(EventTypes.INCIDENT_SUGGESTED, Topics.POSTS, IncidentSuggested.class),
            new Entry(EventTypes.CASE_PRESENCE, Topics.CONSOLE_PRESENCE, CasePresence.class));

    private EventCatalog() {
    }

    public static Optional<Entry> byType(String type) {
        return ENTRIES.stream().filter(e -> e.type().equals(type)).findFirst();
    }
}
