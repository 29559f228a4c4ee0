package io.outpost.cases.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** One customer conversation that needs an answer. ("Case" alone is a keyword in SQL and HQL.) */
@Entity
@Table(name = "customer_case")
public class CustomerCase extends PanacheEntityBase {

    @Id
    public UUID id;
    public String channel;
    public String visibility;
    /** A {@link CaseStatus} wire name. */
    public String status;
    @Column(name = "conversation_key")
    public String conversationKey;
    @Column(name = "customer_platform_id")
    public String customerPlatformId;
    @Column(name = "customer_handle")
    public String customerHandle;
    @Column(name = "customer_display_name")
    public String customerDisplayName;
    @Column(name = "first_post_id")
    public UUID firstPostId;
    /** The platform time of the first post. */
    @Column(name = "opened_at")
    public Instant openedAt;
    /** 1 (urgent) .. 4 (low). */
    public short priority;
    @Column(name = "assignee_id")
    public UUID assigneeId;
    @Column(name = "assignee_name")
    public String assigneeName;
    @Column(name = "assigned_at")
    public Instant assignedAt;
    @Column(name = "assignment_id")
    public UUID assignmentId;
    /**
     * The assignee's login (token {@code preferred_username}); null when unassigned or when the
     * assignment did not name it (older routing-service): such a case is not narrowed to one agent.
     */
    @Column(name = "assignee_username")
    public String assigneeUsername;
    /**
     * The first agent response: the earliest of our replies' delivery times and of the posts the brand
     * typed on the platform ({@code ResponseTurns}); echoes and replies not (yet) delivered are none.
     * Recomputed from the posts and replies by {@code CaseLifecycle.refreshSla} and written with the
     * row's version check, so two transactions that each saw only their own change cannot both commit.
     */
    @Column(name = "first_response_at")
    public Instant firstResponseAt;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    @Column(name = "closed_at")
    public Instant closedAt;
    public String[] tags = new String[0];
    @Column(name = "required_skills")
    public String[] requiredSkills = new String[0];
    /** ISO 639-1 code of the opening post, when known. */
    public String language;
    public String intent;
    /** The opening post's sentiment in [-1, 1], when known. */
    public Double sentiment;
    @Column(name = "only_we_can_answer")
    public boolean onlyWeCanAnswer;
    /** Why the case is hidden from agents and routing (bot, spam); null for a normal case. */
    @Column(name = "hidden_reason")
    public String hiddenReason;
    @Column(name = "assignee_team")
    public String assigneeTeam;
    /** From a consented link only; cleared when the link is removed. */
    @Column(name = "crm_customer_id")
    public String crmCustomerId;
    /**
     * The platform id of our channel account the customer wrote to; every message to the customer goes
     * out from it ({@link CaseAccount}). Null: the channel's default account.
     */
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "first_response_due_at")
    public Instant firstResponseDueAt;
    @Column(name = "first_response_breached_at")
    public Instant firstResponseBreachedAt;
    /** The platform time of the first customer post still waiting for our next response. */
    @Column(name = "turn_started_at")
    public Instant turnStartedAt;
    @Column(name = "next_response_due_at")
    public Instant nextResponseDueAt;
    @Column(name = "next_response_breached_at")
    public Instant nextResponseBreachedAt;
    @Column(name = "resolution_due_at")
    public Instant resolutionDueAt;
    @Column(name = "resolution_breached_at")
    public Instant resolutionBreachedAt;
    /** Set when the case was merged into another (it is then closed). */
    @Column(name = "merged_into_case_id")
    public UUID mergedIntoCaseId;
    /**
     * The incident the case is attached to (kept after it closes). Written only by the incident
     * store's conditional UPDATEs, never by an entity flush, so a case loaded before an attachment
     * cannot write the old value back.
     */
    @Column(name = "incident_id", insertable = false, updatable = false)
    public UUID incidentId;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;

    public boolean hidden() {
        return hiddenReason != null;
    }

    /**
     * Whether an agent with this login may see the case: hidden cases never, cases assigned to
     * another known agent not either; unassigned cases (the queue) and their own cases yes.
     */
    public boolean visibleToAgent(String username) {
        return !hidden() && (assigneeUsername == null || assigneeUsername.equals(username));
    }

    public CaseStatus caseStatus() {
        return CaseStatus.fromWire(status);
    }
}
