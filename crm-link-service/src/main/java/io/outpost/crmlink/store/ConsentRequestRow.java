package io.outpost.crmlink.store;

import io.outpost.crmlink.domain.ConsentPurpose;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A request for consent sent to a social identity by DM (table {@code consent_request}). */
@Entity
@Table(name = "consent_request")
public class ConsentRequestRow extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "identity_id")
    public UUID identityId;
    @Column(name = "customer_id")
    public String customerId;
    /** Wire names, comma-separated, in the order asked. */
    public String purposes;
    @Column(name = "text_version")
    public String textVersion;
    @Column(name = "requested_by")
    public String requestedBy;
    public String reason;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "link_expires_at")
    public Instant linkExpiresAt;
    @Column(name = "message_id")
    public UUID messageId;
    @Column(name = "answered_at")
    public Instant answeredAt;

    public List<ConsentPurpose> purposeList() {
        return Arrays.stream(purposes.split(",")).map(ConsentPurpose::fromWire).toList();
    }
}
