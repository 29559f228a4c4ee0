package io.outpost.ingest.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A post as ingest-service accepted it; the source of one {@code post.ingested} event. */
@Entity
@Table(name = "post")
public class Post extends PanacheEntityBase {

    @Id
    public UUID id;
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
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "received_at")
    public Instant receivedAt;
    @Column(name = "in_reply_to_external_id")
    public String inReplyToExternalId;
    public String visibility;
    @Column(name = "from_own_account")
    public boolean fromOwnAccount;
    /** SHA-256 of the normalized text ({@code PostText}) when the repeat check applies to it; compared, never shown. */
    @Column(name = "text_fingerprint")
    public String textFingerprint;
    /** Why the post is hidden from agents (bot, spam), as published on the event; null when it is not. */
    @Column(name = "hidden_reason")
    public String hiddenReason;
    /** The enrichment's intent, language and sentiment as published (null when not found in time). */
    public String intent;
    public String language;
    public Double sentiment;
    /**
     * When the author's platform account was created, as the platform said with the post (X); null when
     * unknown. The campaign rule counts only authors whose account was new at the time of their post.
     */
    @Column(name = "author_account_created_at")
    public Instant authorAccountCreatedAt;
    /** The region of our account the post was delivered to (surges are counted per region); null when unknown. */
    public String region;
    /**
     * The platform id of our account the post was delivered to (X's {@code for_user_id}, Meta's
     * {@code entry[].id}, the post API's {@code accountId}); post.ingested carries it so that answers go
     * out from the account the customer wrote to. Null when unknown (imports, posts before V17).
     */
    @Column(name = "account_id")
    public String accountId;
    /** When the platform reported the post deleted; null while it is not. */
    @Column(name = "deleted_at")
    public Instant deletedAt;
    /** When the platform last reported an edit (the text is the edited one); null when never edited. */
    @Column(name = "edited_at")
    public Instant editedAt;
}
