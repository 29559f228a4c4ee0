package io.outpost.routing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/** A case routing-service has received: waiting for an agent, or assigned. */
@Entity
@Table(name = "routing_task")
public class RoutingTask extends PanacheEntityBase {

    public static final String WAITING = "waiting";
    public static final String ASSIGNED = "assigned";

    @Id
    @Column(name = "case_id")
    public UUID caseId;
    public String channel;
    public int priority;
    @Column(name = "required_skills")
    @Convert(converter = JsonText.StringList.class)
    public List<String> requiredSkills;
    public String language;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "enqueued_at")
    public Instant enqueuedAt;
    public String status;
    /** The last time routing looked for an agent; the backstop sweep visits the stalest first. */
    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;
    @Column(name = "assigned_at")
    public Instant assignedAt;

    public WaitingCase waitingCase() {
        return new WaitingCase(caseId, channel, priority, new HashSet<>(requiredSkills), language, enqueuedAt);
    }
}
