package io.outpost.crmlink.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.crmlink.domain.AuditChainVerifier;
import io.outpost.crmlink.domain.MatchAudit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The append-only audit log of consent and link changes, match decisions and erasures. {@link
 * #append} runs in the caller's transaction, so an entry exists exactly when the change it records
 * does; {@link #appendAlone} is for match evaluations, which change nothing else: one prepared,
 * cached INSERT committed on its own before the answer goes out. There is no update or delete
 * here, the service's database role may not do either, and the table's triggers refuse both.
 *
 * <p>The database seals each entry into a hash chain as it is inserted (migration V9) and holds
 * the chain's lock until the appending transaction ends: <b>append after taking every row lock the
 * transaction needs</b>, never before (a transaction that appended and then waits for a row held by
 * another appender deadlocks with it). {@link #verify} recomputes the chain.
 */
@ApplicationScoped
public class AuditLog {

    /** The actions written to the log. */
    public static final List<String> ACTIONS = List.of("consent.requested", "consent.granted", "consent.denied",
            "consent.revoked", "consent.expired", "link.suggested", "link.confirmed", "link.removed", "erasure.requested",
            MatchAudit.EVALUATED);

    /** Values bound as text and cast: a String bound to a jsonb parameter would be sent as a JSON string. */
    private static final String INSERT = """
            insert into audit_entry (id, at, actor, action, subject, reason, evidence)
            values ($1, $2, $3, $4, $5, $6, cast($7::text as jsonb))
            """;

    /** What an admin asks for: all filters optional; {@code after} is the last entry of the previous page. */
    public record Query(String subject, String action, Instant from, Instant to, Instant afterAt, UUID afterId, int limit) {
    }

    private static final String VERIFY_SELECT = """
            select seq, id, at, actor, action, subject, reason, cast(evidence as text) as evidence,
                   content_salt, content_digest, prev_hash, hash
            from audit_entry where seq > $1 order by seq limit $2
            """;

    private final ObjectMapper json;
    private final Pool pool;
    /** Entries read per round trip by {@link #verify}: the verification never holds more in memory. */
    private final int verifyPage;

    public AuditLog(ObjectMapper json, Pool pool,
            @ConfigProperty(name = "outpost.crm-link.audit.verification-page-size", defaultValue = "1000") int verifyPage) {
        this.json = json;
        this.pool = pool;
        this.verifyPage = Math.max(1, verifyPage);
    }

    /**
     * Appends an entry inside the current transaction.
     *
     * @param evidence what the decision rests on; null values are left out
     */
    public Uni<Void> append(Instant at, String actor, String action, String subject, String reason,
            Map<String, Object> evidence) {
        return Uni.createFrom().item(() -> evidenceText(evidence)).chain(text -> Panache.getSession()
                .chain(session -> session.createNativeQuery("""
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
                .executeUpdate()))
                .replaceWithVoid();
    }

    /**
     * Appends an entry as one statement in its own transaction (the reactive pool's prepared-statement
     * cache keeps it at one round trip): for a decision that writes nothing else, such as a match
     * evaluation. The returned Uni completes once the entry is committed.
     */
    public Uni<Void> appendAlone(UUID id, Instant at, String actor, String action, String subject, String reason,
            Map<String, Object> evidence) {
        return Uni.createFrom().item(() -> evidenceText(evidence)).chain(text -> pool.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[] {id, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), actor, action, subject,
                        reason, text})))
                .replaceWithVoid();
    }

    /**
     * The latest match evaluation of an identity that showed this customer as a candidate, or null:
     * what an admin saw before deciding on a link. In the caller's session.
     */
    public Uni<UUID> latestEvaluation(UUID identityId, String customerId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                select cast(id as text) from audit_entry
                where subject = :subject and action = :action
                  and evidence -> 'candidates' @> jsonb_build_array(jsonb_build_object('customerId', cast(:customer as text)))
                order by at desc, id desc limit 1
                """, String.class)
                .setParameter("subject", identityId.toString())
                .setParameter("action", MatchAudit.EVALUATED)
                .setParameter("customer", customerId)
                .getResultList())
                .map(ids -> ids.isEmpty() ? null : UUID.fromString(ids.get(0)));
    }

    /** The evidence as JSON text, null values left out, instants as ISO-8601 (a failure makes the append fail). */
    private String evidenceText(Map<String, Object> evidence) {
        Map<String, Object> present = new LinkedHashMap<>();
        evidence.forEach((k, v) -> {
            if (v != null) {
                present.put(k, v instanceof Instant i ? i.toString() : v);
            }
        });
        try {
            return json.writeValueAsString(present);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit evidence not serializable", e);
        }
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

    /**
     * Recomputes the whole chain, in pages of {@code verification-page-size} entries by position, inside one
     * read-only REPEATABLE READ transaction: every page comes from the same snapshot, so an erasure
     * committing meanwhile is seen either entirely (its redactions and its entry) or not at all.
     * Stops at the first broken entry.
     */
    public Uni<AuditChainVerifier.Result> verify(AuditChainVerifier.Anchor anchor) {
        AuditChainVerifier verifier = new AuditChainVerifier(anchor);
        AtomicLong after = new AtomicLong();
        // One page after another (a repetition, not a recursion: any number of pages).
        return pool.withTransaction(connection -> connection.query("set transaction isolation level repeatable read, read only")
                .execute().chain(() -> Multi.createBy().repeating().uni(() -> verifyPage(connection, verifier, after))
                        .whilst(more -> more).collect().last()))
                .map(ignored -> verifier.finish());
    }

    /** Checks the entries after {@code after}; true when a full page was read and none was broken. */
    private Uni<Boolean> verifyPage(SqlConnection connection, AuditChainVerifier verifier, AtomicLong after) {
        return connection.preparedQuery(VERIFY_SELECT).execute(Tuple.of(after.get(), verifyPage)).map(rows -> {
            int read = 0;
            for (Row row : rows) {
                read++;
                after.set(row.getLong("seq"));
                verifier.accept(chainEntry(row));
                if (verifier.broken()) {
                    return false;
                }
            }
            return read == verifyPage;
        });
    }

    private AuditChainVerifier.Entry chainEntry(Row row) {
        String action = row.getString("action");
        String reason = row.getString("reason");
        String evidence = row.getString("evidence");
        byte[] salt = bytes(row, "content_salt");
        String redactedBy = null;
        Long redactions = null;
        if (salt == null && reason == null || AuditChainVerifier.ERASURE_ACTION.equals(action)) {
            JsonNode node = readEvidence(evidence);
            if (salt == null && reason == null && node.isObject() && node.size() == 1 && node.path("redacted").isTextual()) {
                redactedBy = node.get("redacted").asText();
            }
            JsonNode count = node.path(AuditChainVerifier.REDACTIONS_EVIDENCE);
            if (AuditChainVerifier.ERASURE_ACTION.equals(action) && count.isIntegralNumber() && count.canConvertToLong()) {
                redactions = count.asLong();
            }
        }
        OffsetDateTime at = row.getOffsetDateTime("at");
        return new AuditChainVerifier.Entry(row.getLong("seq"), row.getUUID("id"), at == null ? null : at.toInstant(),
                row.getString("actor"), action, row.getString("subject"), reason, evidence, salt,
                bytes(row, "content_digest"), bytes(row, "prev_hash"), bytes(row, "hash"), redactedBy, redactions);
    }

    private JsonNode readEvidence(String evidence) {
        try {
            return json.readTree(evidence);
        } catch (JsonProcessingException e) {
            // jsonb's text is always JSON; anything else is simply not a redaction marker.
            return json.missingNode();
        }
    }

    private static byte[] bytes(Row row, String column) {
        Buffer value = row.getBuffer(column);
        return value == null ? null : value.getBytes();
    }
}
