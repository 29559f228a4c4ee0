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
     * The first agent response: an API reply's request time or an echo's platform time, earliest
     * wins. Written only by {@code CaseStore.recordResponse} in one SQL statement (least of the
     * stored and the new time), never by an entity flush: a reply and an echo committed in either
     * order, or a flush of a copy loaded earlier, cannot replace an earlier response by a later one.
     */
    @Column(name = "first_response_at", insertable = false, updatable = false)
    public Instant firstResponseAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;

    public CaseStatus caseStatus() {
        return CaseStatus.fromWire(status);
    }
}
