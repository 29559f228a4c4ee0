package io.outpost.cases.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A consented link of a social identity to a CRM customer, as crm-link-service announced it. */
@Entity
@Table(name = "customer_link")
public class CustomerLink extends PanacheEntityBase {

    /** A social identity: (channel, platform user id). */
    @Embeddable
    public record Identity(String channel, @Column(name = "platform_user_id") String platformUserId)
            implements Serializable {
    }

    @EmbeddedId
    public Identity identity;
    @Column(name = "link_id")
    public UUID linkId;
    @Column(name = "crm_customer_id")
    public String crmCustomerId;
    @Column(name = "confirmed_at")
    public Instant confirmedAt;
}
