package io.outpost.crmlink.store;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.crmlink.config.ErasureConfig;
import io.outpost.crmlink.domain.AuditChainVerifier;
import io.outpost.crmlink.domain.LinkStatus;
import io.outpost.crmlink.domain.SocialIdentity;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Erasure of a person: everything this service holds about them removed in one transaction, the
 * audit log's personal content redacted (its facts kept), and an {@code erasure-requested} event
 * (outbox) asking every other service to do the same; their confirmations are collected here.
 *
 * <p>The person: a social identity, the customer it is confirmed-linked to, and every identity
 * confirmed-linked to that customer; or a customer and its confirmed-linked identities.
 * Suggested links are guesses about possibly someone else, so they do not widen the erasure (they
 * are deleted with the customer or identity they point at).
 */
@ApplicationScoped
public class ErasureStore {

    private static final Logger LOG = Logger.getLogger(ErasureStore.class);
    private static final String CONFIRMED = LinkStatus.CONFIRMED.wireName();

    /** A confirmation as shown on the status endpoint. */
    public record Confirmation(String service, int recordsAffected, Instant confirmedAt) {
    }

    /** A request with its confirmations so far. */
    public record Status(ErasureRow request, List<Confirmation> confirmations) {
    }

    private final LinkStore links;
    private final AuditLog audit;
    private final Outbox outbox;
    private final ErasureConfig config;

    public ErasureStore(LinkStore links, AuditLog audit, Outbox outbox, ErasureConfig config) {
        this.links = links;
        this.audit = audit;
        this.outbox = outbox;
        this.config = config;
    }

    /** Now, as every time this service stores (microseconds). */
    public Instant now() {
        return links.now();
    }

    /**
     * Erases the person named by {@code subject}: a social identity id if one exists with that
     * id, else a CRM customer id; 404 when neither exists.
     */
    @WithTransaction
    public Uni<ErasureRow> erase(String subject, String reason, String actor) {
        Instant now = links.now();
        UUID asIdentity = uuidOrNull(subject);
        Uni<SocialIdentity> identity = asIdentity == null ? Uni.createFrom().nullItem() : SocialIdentity.findById(asIdentity);
        return identity.chain(found -> {
            if (found != null) {
                return IdentityLink.<IdentityLink>find("identityId = ?1 and status = ?2", found.id, CONFIRMED).firstResult()
                        .chain(link -> erasePerson(subject, "identity", link == null ? null : link.customerId,
                                List.of(found.id), reason, actor, now));
            }
            return CrmCustomer.<CrmCustomer>findById(subject)
                    .onItem().ifNull().failWith(() -> ApiException.notFound("no social identity or customer " + subject))
                    .chain(customer -> erasePerson(subject, "customer", customer.id, List.of(), reason, actor, now));
        });
    }

    private Uni<ErasureRow> erasePerson(String subject, String kind, String customerId, List<UUID> named, String reason,
            String actor, Instant now) {
        Uni<List<UUID>> linked = customerId == null ? Uni.createFrom().item(List.of())
                : Panache.getSession().chain(s -> s.createSelectionQuery(
                        "select l.identityId from IdentityLink l where l.customerId = :c and l.status = 'confirmed'", UUID.class)
                        .setParameter("c", customerId).getResultList());
        return linked.chain(others -> {
            // Sorted, so two erasures touching the same identities lock them in the same order.
            TreeSet<UUID> ids = new TreeSet<>(named);
            ids.addAll(others);
            List<SocialIdentity> locked = new ArrayList<>();
            Uni<Void> lock = LinkStore.sequentially(List.copyOf(ids), id -> SocialIdentity
                    .<SocialIdentity>findById(id, LockModeType.PESSIMISTIC_WRITE).invoke(locked::add).replaceWithVoid());
            UUID erasureId = UUID.randomUUID();
            return lock.chain(() -> {
                List<ErasureRequested.Subject> subjects = locked.stream()
                        .map(i -> new ErasureRequested.Subject(Channel.fromWire(i.channel), i.platformUserId)).toList();
                List<UUID> idList = List.copyOf(ids);
                AtomicInteger affected = new AtomicInteger();
                AtomicInteger redacted = new AtomicInteger();
                ErasureRow row = new ErasureRow();
                row.id = erasureId;
                row.subject = subject;
                row.subjectKind = kind;
                row.requestedBy = actor;
                row.reason = reason;
                row.requestedAt = now;
                row.identities = idList.size();
                row.customerErased = customerId != null;
                // The request is stored (and flushed) first: the database lets a transaction redact
                // audit entries only in the name of an erasure that it recorded itself.
                return row.persistAndFlush()
                        .chain(() -> outbox.add(Topics.IDENTITY, erasureId.toString(), EventTypes.ERASURE_REQUESTED,
                                new ErasureRequested(erasureId, customerId, subjects, now)))
                        .chain(() -> redactAudit(erasureId, idList, customerId)).invoke(redacted::set)
                        .chain(() -> deleteData(idList, customerId)).invoke(n -> affected.set(redacted.get() + n))
                        .chain(() -> {
                            row.recordsAffected = affected.get();
                            Map<String, Object> evidence = new LinkedHashMap<>();
                            evidence.put("erasureId", erasureId.toString());
                            evidence.put("subjectKind", kind);
                            evidence.put("identities", idList.size());
                            evidence.put("customerErased", customerId != null);
                            evidence.put("recordsAffected", affected.get());
                            // The verification of the audit chain counts the entries redacted in this
                            // erasure's name before this entry against this number.
                            evidence.put(AuditChainVerifier.REDACTIONS_EVIDENCE, redacted.get());
                            // The entry that an erasure happened: ids of the request only, no personal data.
                            return audit.append(now, actor, AuditChainVerifier.ERASURE_ACTION, erasureId.toString(), reason,
                                    evidence).replaceWith(row);
                        });
            });
        });
    }

    /**
     * Replaces the personal part (reason, evidence) of the entries about these identities or this
     * customer by a redaction marker and drops their salt, keeping their seal (migration V9). The
     * service's database role cannot update the audit log: {@code audit_entry_redact} does it with
     * the owner's rights, only for the erasure this transaction recorded. Entries about the
     * customer: those naming it (links, consent requests) and match evaluations that showed it as a
     * candidate (the whole entry: which people a customer was a candidate for is about the customer
     * too). Returns the entries redacted.
     */
    private Uni<Integer> redactAudit(UUID erasureId, List<UUID> identities, String customerId) {
        // Identity ids are UUIDs (no commas): one text parameter, split in SQL, instead of an array binding.
        String subjects = String.join(",", identities.stream().map(UUID::toString).toList());
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        select audit_entry_redact(cast(:id as uuid), string_to_array(cast(:subjects as text), ','),
                                                  nullif(cast(:customer as text), ''))
                        """, Integer.class)
                .setParameter("id", erasureId.toString())
                .setParameter("subjects", subjects)
                .setParameter("customer", customerId == null ? "" : customerId)
                .getSingleResult());
    }

    /** Deletes the identities, the customer and everything that refers to them; returns the rows removed. */
    private Uni<Integer> deleteData(List<UUID> ids, String customerId) {
        List<UUID> idList = ids.isEmpty() ? List.of(new UUID(0, 0)) : ids;
        String customer = customerId == null ? "" : customerId;
        return Panache.getSession().chain(s -> {
            AtomicInteger n = new AtomicInteger();
            return delete(s, n, "update ConsentRequestRow r set r.customerId = null "
                    + "where r.customerId = :c and r.identityId not in :ids", idList, customer)
                    .chain(() -> delete(s, n, "delete from ConsentEventRow e where e.subjectId in :ids "
                            + "or e.requestId in (select r.id from ConsentRequestRow r where r.identityId in :ids)", idList, null))
                    .chain(() -> delete(s, n, "delete from ConsentRow c where c.subjectId in :ids "
                            + "or c.requestId in (select r.id from ConsentRequestRow r where r.identityId in :ids)", idList, null))
                    .chain(() -> delete(s, n, "delete from ConsentRequestRow r where r.identityId in :ids", idList, null))
                    .chain(() -> delete(s, n, "delete from IdentityLink l where l.identityId in :ids or l.customerId = :c",
                            idList, customer))
                    .chain(() -> s.createNativeQuery("delete from identity_revealed_attribute where identity_id in (:ids)")
                            .setParameter("ids", idList).executeUpdate().invoke(n::addAndGet))
                    .chain(() -> delete(s, n, "delete from HandleHistoryEntry h where h.identityId in :ids", idList, null))
                    .chain(() -> delete(s, n, "delete from SocialIdentity i where i.id in :ids", idList, null))
                    .chain(() -> delete(s, n, "delete from CrmCustomer c where c.id = :c", null, customer))
                    .map(ignored -> n.get());
        });
    }

    private static Uni<Void> delete(Mutiny.Session s, AtomicInteger count, String hql, List<UUID> ids, String customer) {
        var query = s.createMutationQuery(hql);
        if (ids != null) {
            query.setParameter("ids", ids);
        }
        if (customer != null) {
            query.setParameter("c", customer);
        }
        return query.executeUpdate().invoke(count::addAndGet).replaceWithVoid();
    }

    /**
     * Records a service's confirmation inside the caller's transaction (the event inbox's). A
     * repeated confirmation of the same service keeps the first; one for an erasure this
     * service does not know (another installation's) is skipped.
     */
    public Uni<Void> confirm(ErasureConfirmed confirmation) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                insert into erasure_confirmation (erasure_id, service, records_affected, confirmed_at, received_at)
                select :id, :service, :records, :confirmedAt, :receivedAt
                where exists (select 1 from erasure_request where id = :id)
                on conflict (erasure_id, service) do nothing
                """)
                .setParameter("id", confirmation.erasureId())
                .setParameter("service", confirmation.service())
                .setParameter("records", confirmation.recordsAffected())
                .setParameter("confirmedAt", confirmation.confirmedAt())
                .setParameter("receivedAt", links.now())
                .executeUpdate())
                .chain(n -> {
                    if (n == 0) {
                        LOG.infof("erasure confirmation of %s for %s not recorded: unknown erasure or already confirmed",
                                confirmation.service(), confirmation.erasureId());
                        return Uni.createFrom().voidItem();
                    }
                    return markCompleteIfAllConfirmed(confirmation.erasureId());
                });
    }

    /**
     * Sets {@code completed_at} once every expected service has confirmed (same transaction as the
     * last confirmation): the overdue probe then no longer reads the erasure.
     */
    private Uni<Void> markCompleteIfAllConfirmed(UUID erasureId) {
        List<String> expected = config.expectedServices();
        // Service names have no commas: one text parameter, split in SQL, instead of an array binding.
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                update erasure_request r set completed_at = :now
                where r.id = :id and r.completed_at is null
                  and (select count(*) from erasure_confirmation c where c.erasure_id = r.id
                       and c.service = any(string_to_array(cast(:expected as text), ','))) >= :n
                """)
                .setParameter("now", links.now())
                .setParameter("id", erasureId)
                .setParameter("expected", String.join(",", expected))
                .setParameter("n", expected.size())
                .executeUpdate())
                .replaceWithVoid();
    }

    @WithSession
    public Uni<Status> status(UUID erasureId) {
        return ErasureRow.<ErasureRow>findById(erasureId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no erasure " + erasureId))
                .chain(row -> Panache.getSession().chain(s -> s.createNativeQuery("""
                        select service, records_affected, confirmed_at from erasure_confirmation
                        where erasure_id = :id order by service
                        """, Object[].class).setParameter("id", erasureId).getResultList())
                        .map(rows -> new Status(row, rows.stream().map(r -> new Confirmation((String) r[0],
                                ((Number) r[1]).intValue(), instant(r[2]))).toList())));
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime odt ? odt.toInstant() : (Instant) value;
    }

    private static UUID uuidOrNull(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
