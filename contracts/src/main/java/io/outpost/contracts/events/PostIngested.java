package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A customer's (or our own account's) post, normalized by ingest-service. Topic
 * {@code outpost.posts}, key: {@link #conversationKey()} so one conversation stays in order.
 *
 * @param postId              Outpost's id for the post, stable across redeliveries
 * @param channel             the platform
 * @param externalId          the platform's id of the post; (channel, externalId) is unique
 * @param conversationKey     the partition key: the platform's conversation/thread id when known,
 *                            else the root post's external id, else the post's own external id
 * @param author              who wrote it
 * @param text                the text as posted
 * @param createdAt           the platform's timestamp: cases and SLA clocks run on it
 * @param receivedAt          when ingest-service accepted it
 * @param inReplyToExternalId the external id of the post this one answers, if any
 * @param visibility          public post/comment, or private message
 * @param fromOwnAccount      true when our own brand account wrote it (an echo of our reply)
 * @param enrichment          what ingest-service inferred about the post (optional: added to v1 as an
 *                            optional field, so v1 events without it stay valid)
 * @param accountId           the platform id of our channel account the post was addressed to (the X
 *                            account whose activity delivered it, the Facebook page or Instagram account
 *                            of the webhook entry), when the delivery names it; replies to the
 *                            conversation go out from this account (optional: added within v1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PostIngested(
        UUID postId,
        Channel channel,
        String externalId,
        String conversationKey,
        Author author,
        String text,
        Instant createdAt,
        Instant receivedAt,
        String inReplyToExternalId,
        Visibility visibility,
        boolean fromOwnAccount,
        Enrichment enrichment,
        String accountId) {

    /** A post without enrichment (as events were before enrichment existed). */
    public PostIngested(UUID postId, Channel channel, String externalId, String conversationKey, Author author,
            String text, Instant createdAt, Instant receivedAt, String inReplyToExternalId, Visibility visibility,
            boolean fromOwnAccount) {
        this(postId, channel, externalId, conversationKey, author, text, createdAt, receivedAt, inReplyToExternalId,
                visibility, fromOwnAccount, null, null);
    }

    /** A post whose delivery did not name our account (imports, the generic API, events from before v1 had it). */
    public PostIngested(UUID postId, Channel channel, String externalId, String conversationKey, Author author,
            String text, Instant createdAt, Instant receivedAt, String inReplyToExternalId, Visibility visibility,
            boolean fromOwnAccount, Enrichment enrichment) {
        this(postId, channel, externalId, conversationKey, author, text, createdAt, receivedAt, inReplyToExternalId,
                visibility, fromOwnAccount, enrichment, null);
    }

    /** This post, addressed to our account {@code ourAccountId} (its platform id). */
    public PostIngested toAccount(String ourAccountId) {
        return new PostIngested(postId, channel, externalId, conversationKey, author, text, createdAt, receivedAt,
                inReplyToExternalId, visibility, fromOwnAccount, enrichment, ourAccountId);
    }

    /**
     * The author as the platform knows them: the platform id is the identity, the handle can change.
     *
     * @param profile what the platform's delivery said about the account, when it said anything
     *                (optional: added to v1, so v1 events without it stay valid)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Author(String platformUserId, String handle, String displayName, Profile profile) {

        /** An author without profile fields (Meta's deliveries, imports, the generic API). */
        public Author(String platformUserId, String handle, String displayName) {
            this(platformUserId, handle, displayName, null);
        }
    }

    /**
     * Public profile fields a platform sends with a post (X's user object does; Meta's {@code from}
     * carries only id and name). Every field is optional and is the author's own, unverified words:
     * evidence for matching and for spotting new accounts, never a fact about the person.
     *
     * @param location         the free-text location the author gave ("Leeds, UK", "somewhere")
     * @param description      the author's bio
     * @param url              the link on the profile
     * @param accountCreatedAt when the platform account was created (new accounts matter for spam)
     * @param followersCount   followers at the time of the post
     * @param verified         whether the platform marks the account as verified
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Profile(String location, String description, String url, Instant accountCreatedAt,
            Integer followersCount, Boolean verified) {
    }

    /**
     * Signals for priority, skills and routing; each field is optional (a detector that fails or
     * times out leaves its field out rather than holding the post back).
     *
     * @param language     ISO 639-1 code of the text's language
     * @param sentiment    compound sentiment in [-1, 1] (negative .. positive)
     * @param intent       the intent class (question, complaint, praise, billing, technical, outage,
     *                     other, or one an administrator configured)
     * @param urgencyHints the phrases found that make the post urgent (e.g. "charged twice")
     * @param hiddenReason set when the post should not reach agents: why (e.g. "bot: repeated text")
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Enrichment(String language, Double sentiment, String intent, List<String> urgencyHints,
            String hiddenReason) {
    }
}
