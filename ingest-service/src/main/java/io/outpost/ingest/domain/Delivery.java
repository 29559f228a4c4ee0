package io.outpost.ingest.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One outbound message (an {@code outbound.requested}) and what became of it. Its id is the
 * request's message id: a message is recorded once and sent at most once.
 */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String SENDING = "sending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";
    /** Lanes ({@code OutboundRequested.Lane}'s wire names): which share of the account's rate limit it uses. */
    public static final String ORDINARY = "ordinary";
    public static final String BULK = "bulk";

    @Id
    @Column(name = "message_id")
    public UUID messageId;
    /** The request's Kafka key (case id or recipient): the outcome event is published under it. */
    @Column(name = "event_key")
    public String eventKey;
    @Column(name = "case_id")
    public UUID caseId;
    public String channel;
    public String kind;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "recipient_id")
    public String recipientId;
    @Column(name = "in_reply_to_id")
    public String inReplyToId;
    public String text;
    /** {@link #ORDINARY} or {@link #BULK}: kept so that the sweeper's resend waits in the same lane. */
    public String lane;
    public String status;
    public int attempts;
    @Column(name = "platform_message_id")
    public String platformMessageId;
    public String reason;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "sending_since")
    public Instant sendingSince;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /**
     * A pending row parked for the platform's rate limit: not sent before this time (the sweeper sends it
     * after). Null: no such wait.
     */
    @Column(name = "not_before")
    public Instant notBefore;
}
