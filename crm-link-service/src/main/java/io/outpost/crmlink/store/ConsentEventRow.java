package io.outpost.crmlink.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One recorded consent decision (table {@code consent_event}): the consent's history, never changed. */
@Entity
@Table(name = "consent_event")
public class ConsentEventRow extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "subject_id")
    public UUID subjectId;
    public String purpose;
    public String decision;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "captured_at")
    public Instant capturedAt;
    public String source;
    @Column(name = "message_id")
    public String messageId;
    public String note;
    @Column(name = "text_version")
    public String textVersion;
    public String actor;
    public String reason;
    @Column(name = "recorded_at")
    public Instant recordedAt;
    @Column(name = "request_id")
    public UUID requestId;
}
