package io.outpost.routing.store;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.OfferEnded;
import io.outpost.contracts.events.OfferMade;
import io.outpost.kit.messaging.Outbox;
import io.outpost.routing.domain.Agent;
import io.outpost.routing.domain.Assignment;
import io.outpost.routing.domain.RoutingTask;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The events routing publishes about offers and assignments, as outbox rows; plain builders, no I/O. */
final class RoutingEvents {

    /** The schema of assignment.created caps team at 100 characters. */
    private static final int MAX_TEAM = 100;

    private RoutingEvents() {
    }

    static Outbox.Event assignmentCreated(RoutingTask task, Assignment a, Agent agent) {
        String team = agent.team == null ? null : agent.team.length() <= MAX_TEAM ? agent.team : agent.team.substring(0, MAX_TEAM);
        // agentUsername lets case-service show an agent (known by their token's preferred_username) their own cases.
        AssignmentCreated event = new AssignmentCreated(a.id, task.caseId, agent.id, agent.displayName, a.acceptedAt, a.reason,
                team, agent.username);
        // In the trace of the event that brought the case in (a batch routes several cases, an agent's
        // request may take a case that waited): null falls back to the current context.
        return new Outbox.Event(Topics.ASSIGNMENTS, task.caseId.toString(), EventTypes.ASSIGNMENT_CREATED, event,
                task.traceParent);
    }

    /**
     * offer.made for an offer (or, auto-accepted, an assignment) just prepared; keyed by the agent,
     * so one agent's offers and their ends stay in order. Only routing facts: the case's customer
     * and text are not routing's to publish (contracts README, "Offers").
     */
    static Outbox.Event offerMade(RoutingTask task, Assignment a, Agent agent) {
        boolean auto = Assignment.ACCEPTED.equals(a.state);
        // Times as the database keeps them (microseconds), so the countdown matches what the offers API shows.
        OfferMade event = new OfferMade(a.id, task.caseId, agent.id, agent.username, Channel.fromWire(task.channel), task.priority,
                task.queue, task.requiredSkills, task.language, task.dueAt, micros(a.assignedAt), auto ? null : micros(a.offerExpiresAt),
                auto);
        return new Outbox.Event(Topics.ASSIGNMENTS, agent.id.toString(), EventTypes.OFFER_MADE, event, task.traceParent);
    }

    /** offer.ended for an open offer; {@code username} null when the agent is gone. */
    static Outbox.Event offerEnded(Assignment offer, String username, OfferEnded.Outcome outcome, String reason, Instant at) {
        OfferEnded event = new OfferEnded(offer.id, offer.caseId, offer.agentId, username, outcome, reason, at);
        return new Outbox.Event(Topics.ASSIGNMENTS, offer.agentId.toString(), EventTypes.OFFER_ENDED, event);
    }

    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
