package io.outpost.crmlink.store;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.ConsentChanged;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.crmlink.domain.Consent;
import io.outpost.crmlink.domain.ConsentDecision;
import io.outpost.crmlink.domain.ConsentEvidence;
import io.outpost.crmlink.domain.ConsentLedger;
import io.outpost.crmlink.domain.ConsentPurpose;
import io.outpost.crmlink.domain.ConsentStatus;
import io.outpost.crmlink.domain.SocialIdentity;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Consents per subject (a social identity) and purpose, their history and audit entries. A
 * decision, its history row, its audit entry, its {@code consent-changed} event (outbox) and the
 * link removals it causes commit together.
 */
@ApplicationScoped
public class ConsentStore {

    private final LinkStore links;
    private final AuditLog audit;
    private final Outbox outbox;

    public ConsentStore(LinkStore links, AuditLog audit, Outbox outbox) {
        this.links = links;
        this.audit = audit;
        this.outbox = outbox;
    }

    /** A consent with the time it was read, so its status can be shown as of then (EXPIRED included). */
    public record Read(Consent consent, Instant now) {
    }

    /**
     * Records a decision. Revoking identity-link consent removes the confirmed link at once;
     * any decision on an identity-link consent that had run out removes its link as expired.
     *
     * @throws io.outpost.crmlink.domain.ConsentRefused (in the Uni) when the ledger refuses the decision
     */
    @WithTransaction
    public Uni<Read> decide(UUID subjectId, ConsentPurpose purpose, ConsentDecision decision, ConsentEvidence evidence,
            Instant expiresAt, String reason) {
        Instant now = links.now();
        return links.lockIdentity(subjectId).chain(identity -> ConsentRow.<ConsentRow>find("subjectId = ?1 and purpose = ?2",
                subjectId, purpose.wireName()).firstResult().chain(row -> {
                    Consent current = row == null ? null : row.toConsent();
                    Consent next = ConsentLedger.decide(purpose, current, decision, evidence, expiresAt, now);
                    boolean hadExpired = current != null && current.statusAt(now) == ConsentStatus.EXPIRED;
                    ConsentRow target = row != null ? row : newRow(subjectId);
                    target.apply(next);
                    target.recordedAt = now;
                    Uni<?> saved = row != null ? Uni.createFrom().item(target) : target.persist();
                    Uni<Void> done = saved
                            .chain(() -> history(subjectId, purpose, decision, next, reason, now).persist())
                            .chain(() -> audit.append(now, evidence.actor(),
                                    "consent." + next.status().name().toLowerCase(Locale.ROOT), subjectId.toString(), reason,
                                    consentEvidence(purpose, decision, next)))
                            .chain(() -> announce(target, identity, next.status(), now));
                    if (purpose == ConsentPurpose.IDENTITY_LINK) {
                        done = done.chain(() -> afterIdentityLinkDecision(identity, decision, hadExpired, evidence.actor(),
                                reason, now));
                    }
                    return done.replaceWith(new Read(next, now));
                }));
    }

    private Uni<Void> afterIdentityLinkDecision(SocialIdentity identity, ConsentDecision decision, boolean hadExpired,
            String actor, String reason, Instant now) {
        Uni<Void> step = Uni.createFrom().voidItem();
        if (hadExpired) {
            step = step.chain(() -> links.removeConfirmed(identity, LinkRemoved.Reason.CONSENT_EXPIRED, LinkStore.SYSTEM,
                    "identity-link consent expired", now));
        }
        if (decision == ConsentDecision.REVOKE) {
            step = step.chain(() -> links.removeConfirmed(identity, LinkRemoved.Reason.CONSENT_REVOKED, actor,
                    reason != null ? reason : "identity-link consent revoked", now));
        }
        return step;
    }

    /** Publishes the consent's new status on outpost.identity (ids only, no evidence). */
    private Uni<Void> announce(ConsentRow row, SocialIdentity identity, ConsentStatus status, Instant now) {
        return outbox.add(Topics.IDENTITY, identity.id.toString(), EventTypes.CONSENT_CHANGED,
                new ConsentChanged(row.id, identity.id, Channel.fromWire(identity.channel), identity.platformUserId,
                        row.purpose, status.name().toLowerCase(Locale.ROOT),
                        status == ConsentStatus.GRANTED ? row.expiresAt : null, now))
                .replaceWithVoid();
    }

    /**
     * Announces grants that ran out, at most {@code batch} per call: each gets a
     * {@code consent-changed} "expired" event and a {@code consent.expired} audit entry (actor
     * {@code system}), once; an identity-link grant's confirmed link is removed with reason
     * {@code consent-expired} in the same transaction. Returns how many were announced.
     */
    @WithTransaction
    public Uni<Integer> expireDue(int batch) {
        Instant now = links.now();
        // Subjects first, rows after the subject's lock: a decision racing the sweep is either
        // seen (the row is no longer due) or waits for it. Every subject is locked (in id order)
        // before the first audit entry is appended: an append holds the audit chain's lock until
        // commit, and waiting for another identity's lock while holding it could deadlock with a
        // decision on that identity waiting to append (AuditLog).
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                "select distinct c.subjectId from ConsentRow c where c.status = 'granted' and c.expiresAt <= :now "
                        + "and c.expiryAnnouncedAt is null order by c.subjectId", UUID.class)
                .setParameter("now", now).setMaxResults(batch).getResultList())
                .chain(subjects -> {
                    List<SocialIdentity> locked = new ArrayList<>();
                    return LinkStore.sequentially(subjects, subject -> links.lockIdentity(subject).invoke(locked::add)
                                    .replaceWithVoid())
                            .chain(() -> LinkStore.sequentially(locked, identity -> ConsentRow
                                    .<ConsentRow>list("subjectId = ?1 order by purpose", identity.id)
                                    .chain(rows -> LinkStore.sequentially(rows, row -> expire(row, identity, now)))))
                            .replaceWith(subjects.size());
                });
    }

    private Uni<Void> expire(ConsentRow row, SocialIdentity identity, Instant now) {
        if (row.expiryAnnouncedAt != null || row.toConsent().statusAt(now) != ConsentStatus.EXPIRED) {
            return Uni.createFrom().voidItem();
        }
        row.expiryAnnouncedAt = now;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("purpose", row.purpose);
        evidence.put("grantedAt", row.grantedAt);
        evidence.put("expiresAt", row.expiresAt);
        evidence.put("textVersion", row.textVersion);
        Uni<Void> step = announce(row, identity, ConsentStatus.EXPIRED, now)
                .chain(() -> audit.append(now, LinkStore.SYSTEM, "consent.expired", identity.id.toString(),
                        "the grant reached its expiry", evidence));
        if (ConsentPurpose.IDENTITY_LINK.wireName().equals(row.purpose)) {
            step = step.chain(() -> links.removeConfirmed(identity, LinkRemoved.Reason.CONSENT_EXPIRED, LinkStore.SYSTEM,
                    "identity-link consent expired", now));
        }
        return step;
    }

    /**
     * The person withdrew by private message (a withdrawal keyword): every purpose granted (in
     * force or run out) is revoked, with the message as evidence, inside the caller's transaction.
     * A purpose decided after the message was written keeps that later decision.
     *
     * @return the purposes revoked
     */
    public Uni<List<ConsentPurpose>> withdrawByMessage(UUID subjectId, String messageId, Instant writtenAt) {
        Instant now = links.now();
        Instant captured = writtenAt.isAfter(now) ? now : writtenAt;
        ConsentEvidence evidence = new ConsentEvidence(ConsentEvidence.Source.CHANNEL_MESSAGE, messageId,
                "withdrawal keyword in a private message", null, ConsentRequestStore.CUSTOMER, captured);
        return links.lockIdentity(subjectId)
                .chain(() -> ConsentRow.<ConsentRow>list("subjectId = ?1 order by purpose", subjectId))
                .chain(rows -> {
                    List<ConsentPurpose> due = rows.stream().map(ConsentRow::toConsent)
                            .filter(c -> ConsentLedger.withdrawable(c, now) && !captured.isBefore(c.decidedAt()))
                            .map(Consent::purpose).toList();
                    return LinkStore.sequentially(due, purpose -> decide(subjectId, purpose, ConsentDecision.REVOKE, evidence,
                            null, "withdrawal keyword by private message").replaceWithVoid()).replaceWith(due);
                });
    }

    /** The subject's current consent for a purpose inside the caller's session, or null. */
    Uni<Consent> current(UUID subjectId, ConsentPurpose purpose) {
        return ConsentRow.<ConsentRow>find("subjectId = ?1 and purpose = ?2", subjectId, purpose.wireName()).firstResult()
                .map(row -> row == null ? null : row.toConsent());
    }

    /** The subject's consents, one per purpose decided; a 404 when the subject is unknown. */
    @WithSession
    public Uni<List<Read>> consents(UUID subjectId) {
        Instant now = links.now();
        return SocialIdentity.<SocialIdentity>findById(subjectId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no social identity " + subjectId))
                .chain(identity -> ConsentRow.<ConsentRow>list("subjectId = ?1 order by purpose", subjectId))
                .map(rows -> rows.stream().map(r -> new Read(r.toConsent(), now)).toList());
    }

    private static ConsentRow newRow(UUID subjectId) {
        ConsentRow row = new ConsentRow();
        row.id = UUID.randomUUID();
        row.subjectId = subjectId;
        return row;
    }

    private static ConsentEventRow history(UUID subjectId, ConsentPurpose purpose, ConsentDecision decision, Consent next,
            String reason, Instant now) {
        ConsentEventRow e = new ConsentEventRow();
        e.id = UUID.randomUUID();
        e.subjectId = subjectId;
        e.purpose = purpose.wireName();
        e.decision = decision.wireName();
        e.expiresAt = decision == ConsentDecision.GRANT ? next.expiresAt() : null;
        e.capturedAt = next.decidedAt();
        e.source = next.evidence().source().wireName();
        e.messageId = next.evidence().messageId();
        e.note = next.evidence().note();
        e.textVersion = next.evidence().textVersion();
        e.actor = next.evidence().actor();
        e.reason = reason;
        e.recordedAt = now;
        e.requestId = next.evidence().requestId();
        return e;
    }

    private static Map<String, Object> consentEvidence(ConsentPurpose purpose, ConsentDecision decision, Consent next) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("purpose", purpose.wireName());
        m.put("decision", decision.wireName());
        m.put("source", next.evidence().source().wireName());
        m.put("messageId", next.evidence().messageId());
        m.put("note", next.evidence().note());
        m.put("textVersion", next.evidence().textVersion());
        m.put("requestId", next.evidence().requestId() == null ? null : next.evidence().requestId().toString());
        m.put("capturedAt", next.decidedAt());
        if (decision == ConsentDecision.GRANT) {
            m.put("grantedAt", next.grantedAt());
            m.put("expiresAt", next.expiresAt());
        }
        return m;
    }
}
