package io.outpost.routing.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Live figures of the queues and the agents, aggregated in SQL (read-only). */
@ApplicationScoped
public class QueueStore {

    /** Cases waiting or offered in one queue (or for one skill). */
    public record Waiting(String name, long waiting, long offered, Instant oldestEnqueuedAt) {
    }

    /** Agents of one team in one presence, with their load and capacity (all channels). */
    public record AgentState(String team, String presence, long agents, long load, long capacity) {
    }

    public record Figures(List<Waiting> byQueue, List<Waiting> bySkill, List<AgentState> agents) {
    }

    public Uni<Figures> figures() {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select queue, count(*) filter (where status = 'waiting'), count(*) filter (where status = 'offered'), "
                        + "min(enqueued_at) filter (where status = 'waiting') "
                        + "from routing_task where status in ('waiting', 'offered') group by queue order by queue", Object[].class)
                .getResultList()
                .chain(queues -> s.createNativeQuery(
                        "select skill, count(*) filter (where t.status = 'waiting'), count(*) filter (where t.status = 'offered'), "
                                + "min(t.enqueued_at) filter (where t.status = 'waiting') "
                                + "from routing_task t cross join lateral jsonb_array_elements_text(cast(t.required_skills as jsonb)) as skill "
                                + "where t.status in ('waiting', 'offered') group by skill order by skill", Object[].class)
                        .getResultList()
                        .chain(skills -> s.createNativeQuery(
                                "select coalesce(g.team, ''), g.presence, count(*), "
                                        + "coalesce(sum((select count(*) from assignment a where a.agent_id = g.id and a.released_at is null)), 0), "
                                        + "coalesce(sum((select sum(cast(value as integer)) from jsonb_each_text(cast(g.channels as jsonb)))), 0) "
                                        + "from agent g group by coalesce(g.team, ''), g.presence order by 1, 2", Object[].class)
                                .getResultList()
                                .map(agents -> new Figures(waiting(queues), waiting(skills), agents.stream()
                                        .map(r -> new AgentState(((String) r[0]).isEmpty() ? null : (String) r[0], (String) r[1],
                                                number(r[2]), number(r[3]), number(r[4])))
                                        .toList()))))));
    }

    private static List<Waiting> waiting(List<Object[]> rows) {
        return rows.stream().map(r -> new Waiting((String) r[0], number(r[1]), number(r[2]), instant(r[3]))).toList();
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected time value " + value.getClass());
    }
}
