package io.outpost.crmlink.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The append-only audit log of consent and link changes. {@link #append} runs in the caller's
 * transaction, so an entry exists exactly when the change it records does. There is no update or
 * delete here, and the table's triggers refuse both.
 */
@ApplicationScoped
public class AuditLog {

    /** The actions written to the log. */
    public static final List<String> ACTIONS = List.of("consent.requested", "consent.granted", "consent.denied",
            "consent.revoked", "consent.expired", "link.suggested", "link.confirmed", "link.removed", "erasure.requested");

    /** What an admin asks for: all filters optional; {@code after} is the last entry of the previous page. */
    public record Query(String subject, String action, Instant from, Instant to, Instant afterAt, UUID afterId, int limit) {
    }

    private final ObjectMapper json;

    public AuditLog(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Appends an entry inside the current transaction.
     *
     * @param evidence what the decision rests on; null values are left out
     */
    public Uni<Void> append(Instant at, String actor, String action, String subject, String reason,
            Map<String, Object> evidence) {
        Map<String, Object> present = new LinkedHashMap<>();
        evidence.forEach((k, v) -> {
            if (v != null) {
                present.put(k, v instanceof Instant i ? i.toString() : v);
            }
        });
        String text;
        try {
            text = json.writeValueAsString(present);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("audit evidence not serializable", e));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into audit_entry (id, at, actor, action, subject, reason, evidence)
                values (:id, :at, :actor, :action, :subject, :reason, cast(cast(:evidence as text) as jsonb))
                """)
                .setParameter("id", UUID.randomUUID())
                .setParameter("at", at)
                .setParameter("actor", actor)
                .setParameter("action", action)
                .setParameter("subject", subject)
                .setParameter("reason", reason)
                .setParameter("evidence", text)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** One page, newest first; asks for {@code limit} rows (the caller adds one to see if more follow). */
    @WithSession
    public Uni<List<AuditEntry>> page(Query query) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (query.subject() != null) {
            where.add("subject = :subject");
            params.put("subject", query.subject());
        }
        if (query.action() != null) {
            where.add("action = :action");
            params.put("action", query.action());
        }
        if (query.from() != null) {
            where.add("at >= :from");
            params.put("from", query.from());
        }
        if (query.to() != null) {
            where.add("at < :to");
            params.put("to", query.to());
        }
        if (query.afterAt() != null) {
            where.add("(at < :afterAt or (at = :afterAt and id < :afterId))");
            params.put("afterAt", query.afterAt());
            params.put("afterId", query.afterId());
        }
        String sql = "select id, at, actor, action, subject, reason, cast(evidence as text) as evidence from audit_entry "
                + (where.isEmpty() ? "" : "where " + String.join(" and ", where) + " ")
                + "order by at desc, id desc limit " + query.limit();
        return Panache.getSession().chain(session -> {
            var q = session.createNativeQuery(sql, AuditEntry.class);
            params.forEach(q::setParameter);
            return q.getResultList();
        });
    }
}
