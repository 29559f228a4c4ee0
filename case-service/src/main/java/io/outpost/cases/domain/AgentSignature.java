package io.outpost.cases.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The signature a user chose for their replies. */
@Entity
@Table(name = "agent_signature")
public class AgentSignature extends PanacheEntityBase {

    @Id
    public String username;
    public String signature;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
