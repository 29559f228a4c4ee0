package io.outpost.crmlink.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An erasure request (table {@code erasure_request}): what was named, by whom, what was removed here. */
@Entity
@Table(name = "erasure_request")
public class ErasureRow extends PanacheEntityBase {

    @Id
    public UUID id;
    public String subject;
    @Column(name = "subject_kind")
    public String subjectKind;
    @Column(name = "requested_by")
    public String requestedBy;
    public String reason;
    @Column(name = "requested_at")
    public Instant requestedAt;
    public int identities;
    @Column(name = "customer_erased")
    public boolean customerErased;
    @Column(name = "records_affected")
    public int recordsAffected;
    /** When the last expected service's confirmation arrived; null while any is missing. */
    @Column(name = "completed_at")
    public Instant completedAt;
}
