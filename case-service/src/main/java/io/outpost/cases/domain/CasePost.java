package io.outpost.cases.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A post filed into a case: a customer's post, our own account's post made on the platform
 * ({@link #fromOwnAccount}), or the echo of a reply of ours ({@link #echoOfReplyId}) or of another message
 * Outpost sent ({@link #echoOfMessageId}). The id is the post id ingest-service gave it.
 */
@Entity
@Table(name = "case_post")
public class CasePost extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "case_id")
    public UUID caseId;
    public String channel;
    @Column(name = "external_id")
    public String externalId;
    @Column(name = "conversation_key")
    public String conversationKey;
    @Column(name = "author_platform_id")
    public String authorPlatformId;
    @Column(name = "author_handle")
    public String authorHandle;
    @Column(name = "author_display_name")
    public String authorDisplayName;
    public String text;
    /** The platform's time of the post. */
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "received_at")
    public Instant receivedAt;
    @Column(name = "in_reply_to_external_id")
    public String inReplyToExternalId;
    public String visibility;
    @Column(name = "from_own_account")
    public boolean fromOwnAccount;
    /** When the platform reported the post deleted; it then no longer waits for an answer. */
    @Column(name = "deleted_at")
    public Instant deletedAt;
    @Column(name = "edited_at")
    public Instant editedAt;
    /**
     * Why ingest-service hid the post (bot, spam, campaign), null for a normal post. A hidden post
     * stays on the timeline but does not drive the case until a person un-hides it.
     */
    @Column(name = "hidden_reason")
    public String hiddenReason;
    /** When a person un-hid the post; from then it counts like a customer post that arrived then. */
    @Column(name = "unhidden_at")
    public Instant unhiddenAt;
    /** Who un-hid it (their login). */
    @Column(name = "unhidden_by")
    public String unhiddenBy;
    /** Set when the post was filed as the customer's answer to this survey (a DM score or "stop"). */
    @Column(name = "survey_id")
    public UUID surveyId;
    /**
     * Set when the post is the platform's echo of this reply of ours (its external id is the reply's
     * platform message id): the reply's delivery confirmation, not an agent post of its own and never a
     * response by itself. Kept so that a redelivered echo is recognised.
     */
    @Column(name = "echo_of_reply_id")
    public UUID echoOfReplyId;
    /**
     * Set when the post is the platform's echo of a message Outpost sent that is no case reply (a survey
     * invitation, a consent request: {@link OwnMessage}): no response, not shown as a post. Kept so that a
     * redelivered echo is recognised.
     */
    @Column(name = "echo_of_message_id")
    public UUID echoOfMessageId;
    /**
     * The platform id of our channel account the post was addressed to, when its delivery named it; may
     * differ from the case's ({@link CaseAccount}: the case keeps the first).
     */
    @Column(name = "account_id")
    public String accountId;

    /** Hidden by ingest-service and not (yet) un-hidden by a person. */
    public boolean hidden() {
        return hiddenReason != null && unhiddenAt == null;
    }

    /**
     * Whether the post is a customer message that drives the case: it may reopen it, starts a
     * customer turn and may be what a public reply answers. Our own echoes are responses, not
     * customer messages; hidden posts are noise until un-hidden; survey answers are the survey's.
     */
    public boolean countsAsCustomerMessage() {
        return !fromOwnAccount && !hidden() && surveyId == null;
    }

    /**
     * Whether the post is a response by the brand typed on the platform, outside Outpost: our own
     * account's post that is no echo of a message Outpost sent (a reply, a survey invitation, a consent
     * request). The customer was answered, so it counts as a response at its platform time.
     */
    public boolean countsAsBrandResponse() {
        return fromOwnAccount && !isEcho();
    }

    /**
     * The echo of a message Outpost sent: of a reply (shown on that reply as its confirmation) or of another
     * message of ours ({@link #echoOfMessageId}); not shown as a post.
     */
    public boolean isEcho() {
        return echoOfReplyId != null || echoOfMessageId != null;
    }

    /**
     * When the post started waiting for our answer: its platform time, or the un-hide time for a
     * post a person un-hid (nobody could answer it while it was hidden, so its turn starts then).
     */
    public Instant waitsFrom() {
        return unhiddenAt != null && unhiddenAt.isAfter(createdAt) ? unhiddenAt : createdAt;
    }
}
