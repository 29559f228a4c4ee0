package io.outpost.crmlink.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A CRM customer as a match candidate: its attributes as the JSON of PersonAttributes. */
@Entity
@Table(name = "crm_customer")
public class CrmCustomer extends PanacheEntityBase {

    @Id
    public String id;
    public String attributes;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
