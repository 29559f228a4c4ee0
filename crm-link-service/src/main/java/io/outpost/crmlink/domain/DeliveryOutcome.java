package io.outpost.crmlink.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * How many outbound messages reached a channel and how many failed: tells an admin whether a
 * direct message (a consent request, later) can reach customers on that channel right now.
 */
@Entity
@Table(name = "delivery_outcome")
public class DeliveryOutcome extends PanacheEntityBase {

    @Id
    public String channel;
    public long delivered;
    public long failed;
    @Column(name = "last_reported_at")
    public Instant lastReportedAt;
}
