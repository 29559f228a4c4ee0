package io.outpost.routing.store;

import io.outpost.routing.domain.Assignment;
import io.outpost.routing.domain.RoutingTask;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Routing tasks and assignments. Methods run in the caller's session unless they say otherwise. */
@ApplicationScoped
public class TaskStore {

    /** A task and its active assignment, if any. */
    public record TaskState(RoutingTask task, Assignment assignment) {
    }

    /** Which of these cases routing-service already has a task for. */
    public Uni<Set<UUID>> existing(Collection<UUID> caseIds) {
        if (caseIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select t.caseId from RoutingTask t where t.caseId in :ids", UUID.class)
                .setParameter("ids", caseIds)
                .getResultList())
                .map(HashSet::new);
    }

    public Uni<TaskState> find(UUID caseId) {
        return Panache.withSession(() -> RoutingTask.<RoutingTask>findById(caseId).chain(task -> task == null
                ? Uni.createFrom().nullItem()
                : Assignment.<Assignment>find("caseId = ?1 and releasedAt is null", caseId).firstResult()
                        .map(assignment -> new TaskState(task, assignment))));
    }

    /**
     * Locks up to {@code limit} waiting tasks on the given channels, in queue order. Tasks another
     * transaction holds are skipped, not waited for: that transaction is deciding about them.
     */
    public Uni<List<RoutingTask>> lockWaiting(List<String> channels, int limit) {
        if (channels.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // Channel names are few and known; one parameter each keeps the statement plain SQL.
        String in = IntStream.range(0, channels.size()).mapToObj(i -> ":c" + i).collect(Collectors.joining(", "));
        // The queue's order (RoutingDecision.QUEUE_ORDER), so the limit keeps the cases first in line.
        String sql = "select * from routing_task where status = 'waiting' and channel in (" + in + ") "
                + "order by priority, due_at nulls last, enqueued_at, case_id limit :limit for update skip locked";
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql, RoutingTask.class).setParameter("limit", limit);
            for (int i = 0; i < channels.size(); i++) {
                query.setParameter("c" + i, channels.get(i));
            }
            return query.getResultList();
        });
    }

    /** Locks one task if it is still waiting and nobody else holds it; else null. */
    public Uni<RoutingTask> lockIfWaiting(UUID caseId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select * from routing_task where case_id = :id and status = 'waiting' for update skip locked",
                RoutingTask.class)
                .setParameter("id", caseId)
                .getSingleResultOrNull());
    }

    /**
     * Locks a task, waiting for another transaction that holds it; null when routing-service has
     * never seen the case. Call it before reading the task in this session, so the row is read as
     * it is under the lock.
     */
    public Uni<RoutingTask> lock(UUID caseId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select * from routing_task where case_id = :id for update", RoutingTask.class)
                .setParameter("id", caseId)
                .getSingleResultOrNull());
    }

    /** Locks a task in the given status unless another transaction holds it; else null. */
    public Uni<RoutingTask> lockIfStatus(UUID caseId, String status) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select * from routing_task where case_id = :id and status = :status for update skip locked",
                RoutingTask.class)
                .setParameter("id", caseId)
                .setParameter("status", status)
                .getSingleResultOrNull());
    }

    /** The case's active (offered or accepted) assignment, or null. */
    public Uni<Assignment> activeAssignment(UUID caseId) {
        return Assignment.<Assignment>find("caseId = ?1 and releasedAt is null", caseId).firstResult();
    }

    /** The case and agent of an assignment, read without loading the entity (so a later find reads it after a lock). */
    public Uni<Object[]> caseAndAgentOf(UUID assignmentId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select case_id, agent_id from assignment where id = :id", Object[].class)
                .setParameter("id", assignmentId)
                .getSingleResultOrNull());
    }

    /**
     * Cases with an open offer to release: lapsed at {@code now}, or held by an agent who is no
     * longer available; of one agent when {@code agentId} is set.
     */
    public Uni<List<UUID>> offersToRelease(java.time.Instant now, UUID agentId, int limit) {
        String sql = "select a.case_id from assignment a join agent g on g.id = a.agent_id "
                + "where a.released_at is null and a.state = 'offered' "
                + "and (a.offer_expires_at <= :now or g.presence <> 'available')"
                + (agentId == null ? "" : " and a.agent_id = :agent")
                + " order by a.offer_expires_at limit :limit";
        return Panache.withSession(() -> Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql, UUID.class).setParameter("now", now).setParameter("limit", limit);
            if (agentId != null) {
                query.setParameter("agent", agentId);
            }
            return query.getResultList();
        }));
    }

    /** Open offers, oldest first: of one agent, or (agentId null) of everyone. */
    public Uni<List<Assignment>> openOffers(UUID agentId, int limit) {
        return Panache.withSession(() -> (agentId == null
                ? Assignment.<Assignment>find("releasedAt is null and state = 'offered' order by assignedAt, id")
                : Assignment.<Assignment>find("releasedAt is null and state = 'offered' and agentId = ?1 order by assignedAt, id", agentId))
                .range(0, limit - 1).list());
    }

    /** Waiting tasks whose last look for an agent is the oldest: the sweep's round-robin. */
    public Uni<List<UUID>> stalestWaiting(int limit) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "select t.caseId from RoutingTask t where t.status = 'waiting' order by t.lastAttemptAt, t.caseId",
                UUID.class)
                .setMaxResults(limit)
                .getResultList()));
    }
}
