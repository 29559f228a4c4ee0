package io.outpost.crmlink.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A link from a social identity to a CRM customer (table {@code identity_link}); see {@code LinkStatus}. */
@Entity
@Table(name = "identity_link")
public class IdentityLink extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "identity_id")
    public UUID identityId;
    @Column(name = "customer_id")
    public String customerId;
    public String status;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "confirmed_at")
    public Instant confirmedAt;
    @Column(name = "confirmed_by")
    public String confirmedBy;
    @Column(name = "removed_at")
    public Instant removedAt;
    @Column(name = "removed_by")
    public String removedBy;
    @Column(name = "removal_reason")
    public String removalReason;
    public String note;
}
