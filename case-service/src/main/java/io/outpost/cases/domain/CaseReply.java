package io.outpost.cases.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A reply written through the API; its id is the outbound.requested messageId. */
@Entity
@Table(name = "case_reply")
public class CaseReply extends PanacheEntityBase {

    public static final String REQUESTED = ReplyDelivery.REQUESTED;
    public static final String DELIVERED = ReplyDelivery.DELIVERED;
    public static final String FAILED = ReplyDelivery.FAILED;

    @Id
    public UUID id;
    @Column(name = "case_id")
    public UUID caseId;
    @Column(name = "author_username")
    public String authorUsername;
    /** As sent, signature included. */
    public String text;
    public String visibility;
    /** requested, delivered or failed. */
    public String status;
    @Column(name = "in_reply_to_external_id")
    public String inReplyToExternalId;
    @Column(name = "platform_message_id")
    public String platformMessageId;
    @Column(name = "failure_reason")
    public String failureReason;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "reported_at")
    public Instant reportedAt;
    /** When it counts as a response (see {@link ReplyDelivery}); null while it does not. */
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    /** The platform time of its echo: the platform sent it back to us, so it is there. */
    @Column(name = "confirmed_at")
    public Instant confirmedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public ReplyDelivery.State delivery() {
        return new ReplyDelivery.State(status, platformMessageId, failureReason, reportedAt, deliveredAt, confirmedAt);
    }

    /** Takes the new delivery state; true when anything changed. */
    public boolean apply(ReplyDelivery.State next) {
        if (next.equals(delivery())) {
            return false;
        }
        status = next.status();
        platformMessageId = next.platformMessageId();
        failureReason = next.failureReason();
        reportedAt = next.reportedAt();
        deliveredAt = next.deliveredAt();
        confirmedAt = next.confirmedAt();
        return true;
    }
}
