package io.outpost.crmlink.store;

import io.outpost.crmlink.domain.Consent;
import io.outpost.crmlink.domain.ConsentEvidence;
import io.outpost.crmlink.domain.ConsentPurpose;
import io.outpost.crmlink.domain.ConsentStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** The current consent of a subject for a purpose (table {@code consent}). */
@Entity
@Table(name = "consent")
public class ConsentRow extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "subject_id")
    public UUID subjectId;
    public String purpose;
    public String status;
    @Column(name = "granted_at")
    public Instant grantedAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "decided_at")
    public Instant decidedAt;
    public String source;
    @Column(name = "message_id")
    public String messageId;
    public String note;
    @Column(name = "text_version")
    public String textVersion;
    public String actor;
    @Column(name = "recorded_at")
    public Instant recordedAt;
    @Column(name = "request_id")
    public UUID requestId;
    /** When the expiry sweep announced that this grant ran out; cleared by the next decision. */
    @Column(name = "expiry_announced_at")
    public Instant expiryAnnouncedAt;

    public Consent toConsent() {
        return new Consent(ConsentPurpose.fromWire(purpose), ConsentStatus.valueOf(status.toUpperCase(Locale.ROOT)),
                grantedAt, expiresAt, decidedAt,
                new ConsentEvidence(ConsentEvidence.Source.fromWire(source), messageId, note, textVersion, actor, decidedAt,
                        requestId));
    }

    public void apply(Consent consent) {
        purpose = consent.purpose().wireName();
        status = consent.status().name().toLowerCase(Locale.ROOT);
        grantedAt = consent.grantedAt();
        expiresAt = consent.expiresAt();
        decidedAt = consent.decidedAt();
        source = consent.evidence().source().wireName();
        messageId = consent.evidence().messageId();
        note = consent.evidence().note();
        textVersion = consent.evidence().textVersion();
        actor = consent.evidence().actor();
        requestId = consent.evidence().requestId();
        expiryAnnouncedAt = null;
    }
}
