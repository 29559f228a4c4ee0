package io.outpost.cases.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Logins and routing-service's agent ids (V13). A claim knows the caller by login only, and case.updated
 * must name routing's agent id for routing to follow it; the assignments topic (assignment.created,
 * offer.made) and supervisors' assignee overrides name both, so case-service remembers them as they pass.
 */
@ApplicationScoped
public class AgentDirectory {

    /** What is known of a login. */
    public record Entry(UUID agentId, String name, String team) {
    }

    /**
     * Remembers that {@code username} is agent {@code agentId}, as an event of time {@code seenAt} says (inside
     * the caller's transaction). An older event than the one remembered changes nothing; a missing name or team
     * keeps the one known.
     */
    public Uni<Void> remember(String username, UUID agentId, String name, String team, Instant seenAt) {
        if (username == null || username.isBlank() || agentId == null || seenAt == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into agent_directory "
                + "(username, agent_id, name, team, seen_at) values (:username, :agent, :name, :team, :seen) "
                + "on conflict (username) do update set agent_id = excluded.agent_id, "
                + "name = coalesce(excluded.name, agent_directory.name), "
                + "team = coalesce(excluded.team, agent_directory.team), seen_at = excluded.seen_at "
                + "where agent_directory.seen_at <= excluded.seen_at")
                .setParameter("username", username.strip()).setParameter("agent", agentId)
                .setParameter("name", blankToNull(name)).setParameter("team", blankToNull(team))
                .setParameter("seen", CaseStore.micros(seenAt))
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The login's agent, or null when no event has named it yet. */
    public Uni<Entry> find(String username) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select agent_id, name, team from agent_directory where username = :username", Object[].class)
                .setParameter("username", username)
                .getResultList())
                .map(AgentDirectory::first);
    }

    private static Entry first(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = rows.get(0);
        return new Entry((UUID) row[0], (String) row[1], (String) row[2]);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
