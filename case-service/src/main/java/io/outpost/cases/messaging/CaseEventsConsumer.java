package io.outpost.cases.messaging;

import io.outpost.cases.store.CaseStore;
import io.outpost.cases.store.IdentityStore;
import io.outpost.cases.store.IncidentStore;
import io.outpost.cases.store.ReplyStore;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.contracts.events.IncidentSuggested;
import io.outpost.contracts.events.LinkConfirmed;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.contracts.events.OfferMade;
import io.outpost.contracts.events.PostDeleted;
import io.outpost.contracts.events.PostEdited;
import io.outpost.contracts.events.PostIngested;
import io.outpost.contracts.events.SurveyAnswered;
import io.outpost.contracts.events.SurveySent;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What case-service reads from Kafka: posts become cases, assignments give cases to agents. Each
 * record goes through the idempotent inbox: its effect and its event id commit together.
 */
@ApplicationScoped
public class CaseEventsConsumer {

    private final EventInbox inbox;
    private final CaseStore cases;
    private final ReplyStore replies;
    private final IdentityStore identities;
    private final IncidentStore incidents;

    public CaseEventsConsumer(EventInbox inbox, CaseStore cases, ReplyStore replies, IdentityStore identities,
            IncidentStore incidents) {
        this.inbox = inbox;
        this.incidents = incidents;
        this.cases = cases;
        this.replies = replies;
        this.identities = identities;
    }

    /**
     * crm-link-service's identity events: links put the CRM customer on cases and take it off,
     * erasure requests anonymise and are confirmed. Other types on the topic (consent changes,
     * other services' erasure confirmations) are acknowledged and skipped by the inbox.
     */
    @Incoming("identity")
    @ActivateRequestContext
    public Uni<Void> onIdentity(Message<String> message) {
        return inbox.process(message, Map.of(
                EventTypes.LINK_CONFIRMED, EventInbox.on(LinkConfirmed.class, e -> identities.linkConfirmed(e.payload())),
                EventTypes.LINK_REMOVED, EventInbox.on(LinkRemoved.class, e -> identities.linkRemoved(e.payload())),
                EventTypes.ERASURE_REQUESTED, EventInbox.on(ErasureRequested.class,
                        e -> identities.erasureRequested(e.payload()))));
    }

    /** Delivery outcomes of outbound messages: those of our replies update the reply. */
    @Incoming("delivery")
    @ActivateRequestContext
    public Uni<Void> onDelivery(Message<String> message) {
        return inbox.process(message,
                Map.of(EventTypes.DELIVERY_REPORTED, EventInbox.on(DeliveryReported.class, e -> replies.delivered(e.payload()))));
    }

    /**
     * survey-service's surveys about our cases, onto their timelines; a sent survey is remembered so
     * that the customer's DM answer is filed as the survey's, not as a message that reopens the case.
     */
    @Incoming("surveys")
    @ActivateRequestContext
    public Uni<Void> onSurvey(Message<String> message) {
        return inbox.process(message, Map.of(
                EventTypes.SURVEY_SENT, EventInbox.on(SurveySent.class, e -> cases.surveySent(e.payload())),
                EventTypes.SURVEY_ANSWERED, EventInbox.on(SurveyAnswered.class, e -> cases.surveyAnswered(e.payload()))));
    }

    @Incoming("posts")
    @ActivateRequestContext
    public Uni<Void> onPost(Message<String> message) {
        return inbox.process(message, Map.of(
                EventTypes.POST_INGESTED, EventInbox.on(PostIngested.class, this::file),
                EventTypes.POST_DELETED, EventInbox.on(PostDeleted.class, e -> cases.postDeleted(e.payload())),
                EventTypes.POST_EDITED, EventInbox.on(PostEdited.class, e -> cases.postEdited(e.payload())),
                EventTypes.INCIDENT_SUGGESTED, EventInbox.on(IncidentSuggested.class,
                        e -> incidents.suggested(e.payload()))));
    }

    @Incoming("assignments")
    @ActivateRequestContext
    public Uni<Void> onAssignment(Message<String> message) {
        // offer.made only teaches the agent's id by login (for claims); offer.ended is skipped.
        return inbox.process(message, Map.of(
                EventTypes.ASSIGNMENT_CREATED, EventInbox.on(AssignmentCreated.class, this::assign),
                EventTypes.OFFER_MADE, EventInbox.on(OfferMade.class, e -> cases.offered(e.payload()))));
    }

    Uni<Void> file(InboundEvent<PostIngested> event) {
        return cases.file(event.payload()).replaceWithVoid();
    }

    Uni<Void> assign(InboundEvent<AssignmentCreated> event) {
        return cases.assign(event.payload());
    }
}
