package io.outpost.cases.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A post filed into a case: a customer's post, or one of our own replies seen on the platform
 * ({@link #fromOwnAccount}). The id is the post id ingest-service gave it.
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
}
