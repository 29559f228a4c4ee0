package io.outpost.crmlink.store;

import io.outpost.contracts.events.LinkRemoved;
import io.outpost.crmlink.domain.Consent;
import io.outpost.crmlink.domain.ConsentDecision;
import io.outpost.crmlink.domain.ConsentEvidence;
import io.outpost.crmlink.domain.ConsentLedger;
import io.outpost.crmlink.domain.ConsentPurpose;
import io.outpost.crmlink.domain.ConsentStatus;
import io.outpost.crmlink.domain.SocialIdentity;
import io.outpost.kit.api.ApiException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Consents per subject (a social identity) and purpose, their history and audit entries. A
 * decision, its history row, its audit entry and the link removals it causes commit together.
 */
@ApplicationScoped
public class ConsentStore {

    private final LinkStore links;
    private final AuditLog audit;

    public ConsentStore(LinkStore links, AuditLog audit) {
        this.links = links;
        this.audit = audit;
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
                                    consentEvidence(purpose, decision, next)));
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
        m.put("capturedAt", next.decidedAt());
        if (decision == ConsentDecision.GRANT) {
            m.put("grantedAt", next.grantedAt());
            m.put("expiresAt", next.expiresAt());
        }
        return m;
    }
}
