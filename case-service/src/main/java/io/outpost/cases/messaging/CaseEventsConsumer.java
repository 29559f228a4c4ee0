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
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * What case-service reads from Kafka: posts become cases, assignments give cases to agents. Each
 * record goes through the idempotent inbox: its effect and its event id commit together. The posts and
 * assignments channels take a poll at a time (README "One transaction per poll"); the others, rare, a
 * record at a time.
 */
@ApplicationScoped
public class CaseEventsConsumer {

    private final EventInbox inbox;
    private final CaseStore cases;
    private final ReplyStore replies;
    private final IdentityStore identities;
    private final IncidentStore incidents;

    private final Map<String, EventInbox.Handler<?>> postHandlers;
    private final Map<String, EventInbox.Handler<?>> assignmentHandlers;

    public CaseEventsConsumer(EventInbox inbox, CaseStore cases, ReplyStore replies, IdentityStore identities,
            IncidentStore incidents, ObjectMapper mapper) {
        this.inbox = inbox;
        this.incidents = incidents;
        this.cases = cases;
        this.replies = replies;
        this.identities = identities;
        this.postHandlers = new InPollOrder(mapper)
                // A customer's post is filed once by its (channel, external id), whatever it becomes (a case, a
                // join, a survey answer, noise): delivered again it finds itself filed and changes nothing. Our own
                // account's posts keep the row: some are not recorded (outside any case), so a later delivery could
                // decide otherwise (README "Fewer inbox rows").
                .onIdempotentByOwnKey(EventTypes.POST_INGESTED, PostIngested.class, post -> !post.fromOwnAccount(),
                        this::file)
                .on(EventTypes.POST_DELETED, PostDeleted.class, e -> cases.postDeleted(e.payload()))
                .on(EventTypes.POST_EDITED, PostEdited.class, e -> cases.postEdited(e.payload()))
                .on(EventTypes.INCIDENT_SUGGESTED, IncidentSuggested.class, e -> incidents.suggested(e.payload()))
                .clearBetween()
                .handlers();
        // offer.made only teaches the agent's id by login (for claims); offer.ended is skipped.
        this.assignmentHandlers = new InPollOrder(mapper)
                .on(EventTypes.ASSIGNMENT_CREATED, AssignmentCreated.class, this::assign)
                // An offer only teaches a login's agent id, an upsert that never goes back in time: no inbox row.
                // assignment.created keeps its row (README "Fewer inbox rows").
                .onIdempotentByOwnKey(EventTypes.OFFER_MADE, OfferMade.class, offer -> true, e -> cases.offered(e.payload()))
                // The run's cases in one statement: each assignment then finds its case in the session.
                .first(events -> cases.load(events.stream()
                        .filter(e -> EventTypes.ASSIGNMENT_CREATED.equals(e.type()))
                        .map(e -> e.payload().path("caseId").asText(null))
                        .toList()))
                .handlers();
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

    /**
     * A poll of posts at a time ({@code batch=true}): its records, whatever their types, in one transaction, applied
     * in the order read ({@link InPollOrder}), so the posts of one conversation (one key) stay in order.
     */
    @Incoming("posts")
    @ActivateRequestContext
    public Uni<Void> onPosts(KafkaRecordBatch<String, String> batch) {
        return inbox.processBatch(batch, postHandlers);
    }

    /** A poll of assignments and offers at a time, in one transaction, in the order read. */
    @Incoming("assignments")
    @ActivateRequestContext
    public Uni<Void> onAssignments(KafkaRecordBatch<String, String> batch) {
        return inbox.processBatch(batch, assignmentHandlers);
    }

    Uni<Void> file(InboundEvent<PostIngested> event) {
        return cases.file(event.payload()).replaceWithVoid();
    }

    Uni<Void> assign(InboundEvent<AssignmentCreated> event) {
        return cases.assign(event.payload());
    }
}
