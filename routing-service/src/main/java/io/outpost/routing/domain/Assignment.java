package io.outpost.routing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A case given to an agent. Active while {@code releasedAt} is null: it counts against the agent's capacity. */
@Entity
@Table(name = "assignment")
public class Assignment extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "case_id")
    public UUID caseId;
    @Column(name = "agent_id")
    public UUID agentId;
    public String channel;
    @Column(name = "assigned_at")
    public Instant assignedAt;
    @Column(name = "released_at")
    public Instant releasedAt;
    public String reason;
}
