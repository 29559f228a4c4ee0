package io.outpost.crmlink.store;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.LinkConfirmed;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.crmlink.domain.Consent;
import io.outpost.crmlink.domain.ConsentLedger;
import io.outpost.crmlink.domain.ConsentPurpose;
import io.outpost.crmlink.domain.IdentityProfile;
import io.outpost.crmlink.domain.LinkStatus;
import io.outpost.crmlink.domain.MatchAudit;
import io.outpost.crmlink.domain.MatchScorer;
import io.outpost.crmlink.domain.NormalizedPerson;
import io.outpost.crmlink.domain.PersonAttributes;
import io.outpost.crmlink.domain.ProfileLocation;
import io.outpost.crmlink.domain.RevealedAttributes;
import io.outpost.crmlink.domain.SocialIdentity;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Identity links. A link is confirmed only while the identity's identity-link consent is granted
 * and unexpired; every confirmation and removal of a confirmed link is announced on
 * {@code outpost.identity} through the outbox and written to the audit log, in the same
 * transaction. All changes of one identity's consents and links are serialized by locking its
 * {@code social_identity} row.
 */
@ApplicationScoped
public class LinkStore {

    /** The actor of changes nobody asked for (a consent running out). */
    public static final String SYSTEM = "system";

    private static final String CONFIRMED = LinkStatus.CONFIRMED.wireName();

    private final Outbox outbox;
    private final AuditLog audit;
    private final CustomerStore customers;
    private final RevealedAttributeStore revealed;
    private final Clock clock = Clock.systemUTC();

    public LinkStore(Outbox outbox, AuditLog audit, CustomerStore customers, RevealedAttributeStore revealed) {
        this.outbox = outbox;
        this.audit = audit;
        this.customers = customers;
        this.revealed = revealed;
    }

    Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    /** The identity, locked for the rest of the transaction; a 404 when unknown. */
    Uni<SocialIdentity> lockIdentity(UUID identityId) {
        return SocialIdentity.<SocialIdentity>findById(identityId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no social identity " + identityId));
    }

    /** The identity-link consent of an identity, or null when it never decided. */
    static Uni<ConsentRow> identityLinkConsent(UUID identityId) {
        return ConsentRow.<ConsentRow>find("subjectId = ?1 and purpose = ?2", identityId,
                ConsentPurpose.IDENTITY_LINK.wireName()).firstResult();
    }

    /**
     * Suggests or confirms a link. Confirming needs a granted, unexpired identity-link consent
     * ({@code ConsentRefused} otherwise) and turns a suggestion of the same pair into the link.
     */
    @WithTransaction
    public Uni<IdentityLink> create(UUID identityId, String customerId, LinkStatus status, String note, String actor) {
        Instant now = now();
        return lockIdentity(identityId).chain(identity -> CrmCustomer.<CrmCustomer>findById(customerId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no customer " + customerId))
                .chain(customer -> IdentityLink.<IdentityLink>list("identityId = ?1 and status <> 'removed'", identityId)
                    .chain(live -> {
                        IdentityLink samePair = live.stream().filter(l -> l.customerId.equals(customerId)).findFirst().orElse(null);
                        if (status == LinkStatus.SUGGESTED) {
                            if (samePair != null) {
                                throw ApiException.conflict("identity " + identityId + " already has a " + samePair.status
                                        + " link to customer " + customerId + " (link " + samePair.id + ")");
                            }
                            IdentityLink link = newLink(identityId, customerId, LinkStatus.SUGGESTED, note, actor, now);
                            return link.persist()
                                    .chain(() -> decisionBasis(identity, customer))
                                    .chain(basis -> audit.append(now, actor, "link.suggested", identityId.toString(), note,
                                            withBasis(linkEvidence(link, null), basis)))
                                    .replaceWith(link);
                        }
                        if (samePair != null && CONFIRMED.equals(samePair.status)) {
                            throw ApiException.conflict("identity " + identityId + " is already linked to customer " + customerId
                                    + " (link " + samePair.id + ")");
                        }
                        IdentityLink other = live.stream().filter(l -> CONFIRMED.equals(l.status)).findFirst().orElse(null);
                        if (other != null) {
                            throw ApiException.conflict("identity " + identityId + " is linked to customer " + other.customerId
                                    + " (link " + other.id + "): remove that link first");
                        }
                        return identityLinkConsent(identityId).chain(row -> {
                            Consent consent = row == null ? null : row.toConsent();
                            ConsentLedger.requireLinkConsent(consent, now);
                            IdentityLink link = samePair != null ? samePair : newLink(identityId, customerId,
                                    LinkStatus.CONFIRMED, note, actor, now);
                            link.status = CONFIRMED;
                            link.confirmedAt = now;
                            link.confirmedBy = actor;
                            if (note != null) {
                                link.note = note;
                            }
                            Uni<?> saved = samePair != null ? Uni.createFrom().item(link) : link.persist();
                            return saved
                                    .chain(() -> outbox.add(Topics.IDENTITY, identityId.toString(), EventTypes.LINK_CONFIRMED,
                                            new LinkConfirmed(link.id, identityId, Channel.fromWire(identity.channel),
                                                    identity.platformUserId, customerId, now)))
                                    .chain(() -> decisionBasis(identity, customer))
                                    .chain(basis -> audit.append(now, actor, "link.confirmed", identityId.toString(), note,
                                            withBasis(linkEvidence(link, consent), basis)))
                                    .replaceWith(link);
                        });
                    })));
    }

    /** An admin removes a link (suggested or confirmed), saying why. */
    @WithTransaction
    public Uni<IdentityLink> removeByAdmin(UUID linkId, String why, String actor) {
        Instant now = now();
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery("select l.identityId from IdentityLink l where l.id = :id", UUID.class)
                        .setParameter("id", linkId).getSingleResultOrNull())
                .onItem().ifNull().failWith(() -> ApiException.notFound("no link " + linkId))
                .chain(identityId -> lockIdentity(identityId)
                        .chain(identity -> IdentityLink.<IdentityLink>findById(linkId).chain(link -> {
                            if (LinkStatus.REMOVED.wireName().equals(link.status)) {
                                throw ApiException.conflict("link " + linkId + " was already removed at " + link.removedAt);
                            }
                            // Rejecting a suggestion (or undoing a link) is a match decision: record what it rested on.
                            return CrmCustomer.<CrmCustomer>findById(link.customerId)
                                    .chain(customer -> decisionBasis(identity, customer))
                                    .chain(basis -> remove(link, identity, LinkRemoved.Reason.ADMIN_REMOVED, actor, why, now,
                                            basis))
                                    .replaceWith(link);
                        })));
    }

    /**
     * Removes the identity's confirmed link, if any, inside the caller's transaction (which holds
     * the identity's lock): the consent was revoked or ran out.
     */
    Uni<Void> removeConfirmed(SocialIdentity identity, LinkRemoved.Reason reason, String actor, String why, Instant now) {
        return IdentityLink.<IdentityLink>list("identityId = ?1 and status = ?2", identity.id, CONFIRMED)
                .chain(links -> sequentially(links, link -> remove(link, identity, reason, actor, why, now, null)));
    }

    private Uni<Void> remove(IdentityLink link, SocialIdentity identity, LinkRemoved.Reason reason, String actor, String why,
            Instant now, Map<String, Object> basis) {
        boolean wasConfirmed = CONFIRMED.equals(link.status);
        String previous = link.status;
        link.status = LinkStatus.REMOVED.wireName();
        link.removedAt = now;
        link.removedBy = actor;
        link.removalReason = reason.wireName();
        Map<String, Object> evidence = linkEvidence(link, null);
        evidence.put("previousStatus", previous);
        withBasis(evidence, basis);
        Uni<?> announce = wasConfirmed
                ? outbox.add(Topics.IDENTITY, identity.id.toString(), EventTypes.LINK_REMOVED,
                        new LinkRemoved(link.id, identity.id, Channel.fromWire(identity.channel), identity.platformUserId,
                                link.customerId, reason, now))
                : Uni.createFrom().voidItem();
        return announce.chain(() -> audit.append(now, actor, "link.removed", identity.id.toString(), why, evidence));
    }

    /**
     * Removes confirmed links whose identity-link consent is no longer granted and unexpired
     * (it ran out): at most {@code batch} identities per call. Returns how many identities were looked at.
     */
    @WithTransaction
    public Uni<Integer> expireLinks(int batch) {
        Instant now = now();
        return Panache.getSession().chain(session -> session.createSelectionQuery("""
                select distinct l.identityId from IdentityLink l where l.status = 'confirmed' and not exists (
                    select 1 from ConsentRow c where c.subjectId = l.identityId and c.purpose = 'identity-link'
                    and c.status = 'granted' and c.expiresAt > :now)
                order by l.identityId
                """, UUID.class).setParameter("now", now).setMaxResults(batch).getResultList())
                // Every identity locked (in id order) before the first audit append, which holds the
                // audit chain's lock until commit (AuditLog).
                .chain(ids -> {
                    List<SocialIdentity> locked = new ArrayList<>();
                    return sequentially(ids, id -> lockIdentity(id).invoke(locked::add).replaceWithVoid())
                            .chain(() -> sequentially(locked, identity -> identityLinkConsent(identity.id)
                                    .chain(row -> row != null && row.toConsent().grantedAt(now)
                                            ? Uni.createFrom().voidItem()
                                            : removeConfirmed(identity, LinkRemoved.Reason.CONSENT_EXPIRED, SYSTEM,
                                                    "identity-link consent expired", now))))
                            .replaceWith(ids.size());
                });
    }

    /** The links of an identity or a customer: all of them, or only confirmed ones under a consent in force now. */
    @WithSession
    public Uni<List<IdentityLink>> list(UUID identityId, String customerId, boolean confirmedUnderConsentOnly) {
        StringBuilder hql = new StringBuilder("from IdentityLink l where 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (identityId != null) {
            hql.append(" and l.identityId = :identityId");
            params.put("identityId", identityId);
        }
        if (customerId != null) {
            hql.append(" and l.customerId = :customerId");
            params.put("customerId", customerId);
        }
        if (confirmedUnderConsentOnly) {
            hql.append(" and l.status = 'confirmed' and exists (select 1 from ConsentRow c where c.subjectId = l.identityId"
                    + " and c.purpose = 'identity-link' and c.status = 'granted' and c.expiresAt > :now)");
            params.put("now", now());
        }
        hql.append(" order by l.createdAt desc, l.id desc");
        return IdentityLink.<IdentityLink>find(hql.toString(), params).range(0, 199).list();
    }

    /**
     * What a link decision rests on: the identity (display name, profile location, revealed values)
     * scored against the customer now, and the latest evaluation that showed the customer as a
     * candidate for the identity, if any. Scores and attribute names only, no values.
     */
    private Uni<Map<String, Object>> decisionBasis(SocialIdentity identity, CrmCustomer customer) {
        if (customer == null) {
            return Uni.createFrom().nullItem();
        }
        return revealed.of(identity.id).chain(values -> {
            PersonAttributes person = IdentityProfile.attributes(identity.displayName,
                    ProfileLocation.parse(identity.profileLocation),
                    values.stream().map(v -> new RevealedAttributes.Revealed(v.kind(), v.value())).toList());
            Map<String, Object> basis = MatchAudit.decisionBasis(MatchScorer.score(NormalizedPerson.of(person),
                    NormalizedPerson.of(customers.read(customer.attributes))));
            return audit.latestEvaluation(identity.id, customer.id).map(evaluation -> {
                if (evaluation != null) {
                    basis.put("evaluationId", evaluation.toString());
                }
                return basis;
            });
        });
    }

    private static Map<String, Object> withBasis(Map<String, Object> evidence, Map<String, Object> basis) {
        if (basis != null) {
            evidence.put("match", basis);
        }
        return evidence;
    }

    private static IdentityLink newLink(UUID identityId, String customerId, LinkStatus status, String note, String actor,
            Instant now) {
        IdentityLink link = new IdentityLink();
        link.id = UUID.randomUUID();
        link.identityId = identityId;
        link.customerId = customerId;
        link.status = status.wireName();
        link.createdAt = now;
        link.createdBy = actor;
        link.note = note;
        return link;
    }

    private static Map<String, Object> linkEvidence(IdentityLink link, Consent consent) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("linkId", link.id.toString());
        evidence.put("customerId", link.customerId);
        evidence.put("status", link.status);
        evidence.put("removalReason", link.removalReason);
        if (consent != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("purpose", consent.purpose().wireName());
            c.put("status", consent.status().name().toLowerCase(java.util.Locale.ROOT));
            c.put("grantedAt", String.valueOf(consent.grantedAt()));
            c.put("expiresAt", String.valueOf(consent.expiresAt()));
            c.put("source", consent.evidence().source().wireName());
            if (consent.evidence().messageId() != null) {
                c.put("messageId", consent.evidence().messageId());
            }
            if (consent.evidence().textVersion() != null) {
                c.put("textVersion", consent.evidence().textVersion());
            }
            evidence.put("consent", c);
        }
        return evidence;
    }

    static <T> Uni<Void> sequentially(List<T> items, Function<T, Uni<Void>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.chain(() -> step.apply(item));
        }
        return chain;
    }
}
