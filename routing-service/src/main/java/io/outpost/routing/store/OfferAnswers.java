package io.outpost.routing.store;

import io.outpost.contracts.events.OfferEnded;
import io.outpost.kit.api.ApiException;
import io.outpost.routing.domain.Agent;
import io.outpost.routing.domain.Assignment;
import io.outpost.routing.domain.RoutingTask;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * An agent's answer to their offer, accept or decline, each in a transaction of its own that locks
 * the case's task first and then reads the offer as it is under that lock.
 */
@ApplicationScoped
public class OfferAnswers {

    private final TaskStore tasks;
    private final RulesStore rules;
    private final RoutingClock clock;
    private final Assigner assigner;

    public OfferAnswers(TaskStore tasks, RulesStore rules, RoutingClock clock, Assigner assigner) {
        this.tasks = tasks;
        this.rules = rules;
        this.clock = clock;
        this.assigner = assigner;
    }

    /** An agent accepts their offer: the case is theirs and assignment.created is published. */
    public Uni<Assignment> accept(UUID assignmentId, String username) {
        return onOwnOffer(assignmentId, username, (task, offer, agent) -> {
            if (Assignment.ACCEPTED.equals(offer.state)) {
                return Uni.createFrom().item(offer); // accepting twice changes nothing
            }
            offer.state = Assignment.ACCEPTED;
            offer.acceptedAt = clock.now();
            task.status = RoutingTask.ASSIGNED;
            return assigner.publishEnded(offer, OfferEnded.Outcome.ACCEPTED, null)
                    .chain(() -> assigner.publishAccepted(task, offer, agent)).replaceWith(offer);
        });
    }

    /**
     * An agent declines their offer: the case is offered to the next agent, keeping its place in line.
     * {@code reason}: the agent's own words (validated by the caller), or null; it goes on offer.ended only.
     */
    public Uni<Assignment> decline(UUID assignmentId, String username, String reason) {
        return onOwnOffer(assignmentId, username, (task, offer, agent) -> {
            if (Assignment.ACCEPTED.equals(offer.state)) {
                throw ApiException.conflict("offer " + assignmentId + " was accepted; the case is with you");
            }
            task.exclude(agent.id);
            return assigner.release(offer, "declined", reason).chain(() -> rules.current())
                    .chain(r -> assigner.requeue(task, r)).replaceWith(offer);
        });
    }

    private interface OfferStep {
        Uni<Assignment> apply(RoutingTask task, Assignment offer, Agent agent);
    }

    private Uni<Assignment> onOwnOffer(UUID assignmentId, String username, OfferStep step) {
        return Panache.withTransaction(() -> tasks.caseAndAgentOf(assignmentId).chain(row -> {
            if (row == null) {
                return Uni.createFrom().failure(ApiException.notFound("no offer " + assignmentId));
            }
            UUID caseId = (UUID) row[0];
            UUID agentId = (UUID) row[1];
            return Agent.<Agent>findById(agentId).chain(agent -> {
                if (agent == null || !agent.username.equals(username)) {
                    return Uni.createFrom().failure(new ApiException(403, "Forbidden", "offer " + assignmentId + " is not yours"));
                }
                // The task first (the lock order), then the offer as it is under that lock.
                return tasks.lock(caseId).chain(task -> Assignment.<Assignment>findById(assignmentId).chain(offer -> {
                    if (offer.releasedAt != null) {
                        return Uni.createFrom().failure(ApiException.conflict(
                                "offer " + assignmentId + " is no longer open: " + offer.releaseReason));
                    }
                    if (Assignment.OFFERED.equals(offer.state) && !clock.now().isBefore(offer.offerExpiresAt)) {
                        return Uni.createFrom().failure(ApiException.conflict("offer " + assignmentId + " timed out"));
                    }
                    return step.apply(task, offer, agent);
                }));
            });
        }));
    }
}
