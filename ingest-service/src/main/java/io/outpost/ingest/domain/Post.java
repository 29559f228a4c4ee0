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
}
