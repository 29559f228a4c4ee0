package io.outpost.routing.store;

import io.outpost.routing.domain.Assignment;
import io.outpost.routing.domain.RoutingTask;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Routing tasks and assignments. Methods run in the caller's session unless they say otherwise. */
@ApplicationScoped
public class TaskStore {

    /** A task and its active assignment, if any. */
    public record TaskState(RoutingTask task, Assignment assignment) {
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
        String sql = "select * from routing_task where status = 'waiting' and channel in (" + in + ") "
                + "order by priority, enqueued_at, case_id limit :limit for update skip locked";
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

    /** Waiting tasks whose last look for an agent is the oldest: the sweep's round-robin. */
    public Uni<List<UUID>> stalestWaiting(int limit) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "select t.caseId from RoutingTask t where t.status = 'waiting' order by t.lastAttemptAt, t.caseId",
                UUID.class)
                .setMaxResults(limit)
                .getResultList()));
    }
}
