package io.outpost.routing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A case offered or given to an agent. Active while {@code releasedAt} is null: offered or
 * accepted, it counts against the agent's capacity.
 */
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
    /** offered (counts against capacity, not yet accepted) or accepted. */
    public String state;
    @Column(name = "offer_expires_at")
    public Instant offerExpiresAt;
    @Column(name = "accepted_at")
    public Instant acceptedAt;
    /** Why it ended: declined, timed-out, agent-unavailable, resolved, reassigned, unassigned, requeued. */
    @Column(name = "release_reason")
    public String releaseReason;
    /** {@link Explanation} as JSON. */
    public String explanation;

    public static final String OFFERED = "offered";
    public static final String ACCEPTED = "accepted";

    public boolean isOpenOffer() {
        return releasedAt == null && OFFERED.equals(state);
    }

    public void release(String why, Instant at) {
        releasedAt = at;
        releaseReason = why;
    }
}
