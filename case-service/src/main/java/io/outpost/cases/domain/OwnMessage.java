package io.outpost.cases.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * A message Outpost sent that is no case reply (a survey invitation, a consent request, an incident's
 * public post), as its delivery report named it: its echo is no response ({@link Threading}).
 */
@Entity
@Table(name = "own_message")
public class OwnMessage extends PanacheEntityBase {

    /** The platform's id of the message, which its echo carries as external id. */
    @Embeddable
    public record Key(String channel, @Column(name = "platform_message_id") String platformMessageId)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;
    /** The outbound message id ({@code delivery.reported.messageId}). */
    @Column(name = "message_id")
    public UUID messageId;
    @Column(name = "case_id")
    public UUID caseId;
    @Column(name = "reported_at")
    public Instant reportedAt;
}
