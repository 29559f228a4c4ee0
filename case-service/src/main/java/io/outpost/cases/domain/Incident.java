package io.outpost.cases.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A crisis: many customers asking about one thing, answered proactively with one post. */
@Entity
@Table(name = "incident")
public class Incident extends PanacheEntityBase {

    @Id
    public UUID id;
    /** An {@link IncidentStatus} wire name. */
    public String status;
    public String title;
    public String subject;
    public String region;
    @Column(name = "suggestion_id")
    public UUID suggestionId;
    @Column(name = "suggested_posts")
    public Integer suggestedPosts;
    @Column(name = "usual_per_window")
    public Double usualPerWindow;
    @Column(name = "window_start")
    public Instant windowStart;
    @Column(name = "window_end")
    public Instant windowEnd;
    @Column(name = "sample_post_ids")
    public String[] samplePostIds = new String[0];
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "proactive_message_id")
    public UUID proactiveMessageId;
    @Column(name = "proactive_channel")
    public String proactiveChannel;
    @Column(name = "proactive_account_id")
    public String proactiveAccountId;
    @Column(name = "proactive_text")
    public String proactiveText;
    @Column(name = "proactive_at")
    public Instant proactiveAt;
    @Column(name = "proactive_by")
    public String proactiveBy;
    @Column(name = "closing_message_id")
    public UUID closingMessageId;
    @Column(name = "closing_text")
    public String closingText;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Column(name = "closed_by")
    public String closedBy;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Version
    public long version;

    public IncidentStatus incidentStatus() {
        return IncidentStatus.fromWire(status);
    }
}
