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
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** A case routing-service has received: waiting for an agent, or assigned. */
@Entity
@Table(name = "routing_task")
public class RoutingTask extends PanacheEntityBase {

    public static final String WAITING = "waiting";
    public static final String OFFERED = "offered";
    public static final String ASSIGNED = "assigned";
    public static final String CLOSED = "closed";

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
    @Column(name = "due_at")
    public Instant dueAt;
    public String queue;
    @Column(name = "customer_channel")
    public String customerChannel;
    @Column(name = "customer_platform_user_id")
    public String customerPlatformUserId;
    @Column(name = "preferred_agent_id")
    public UUID preferredAgentId;
    /** Agent ids (as text) who declined the case or let its offer lapse. */
    @Column(name = "excluded_agents")
    @Convert(converter = JsonText.StringList.class)
    public List<String> excludedAgents;
    @Column(name = "closed_at")
    public Instant closedAt;
    /**
     * The W3C {@code traceparent} of the event that brought the case in: its assignment.created is
     * published in that trace, whenever and in whichever transaction it is made (null: the current one).
     */
    @Column(name = "trace_parent")
    public String traceParent;

    public WaitingCase waitingCase() {
        Set<UUID> excluded = excludedAgents == null ? Set.of()
                : excludedAgents.stream().map(UUID::fromString).collect(Collectors.toSet());
        return new WaitingCase(caseId, channel, priority, new HashSet<>(requiredSkills), language, enqueuedAt, dueAt,
                preferredAgentId, excluded);
    }

    /** Never offers the case to this agent again (they declined it or let the offer lapse). */
    public void exclude(UUID agentId) {
        List<String> more = new java.util.ArrayList<>(excludedAgents == null ? List.of() : excludedAgents);
        if (!more.contains(agentId.toString())) {
            more.add(agentId.toString());
        }
        excludedAgents = more;
    }
}
