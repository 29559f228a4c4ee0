package io.outpost.crmlink.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A social identity (channel, platform user id) as learned from its posts. Admin data. */
@Entity
@Table(name = "social_identity")
public class SocialIdentity extends PanacheEntityBase {

    @Id
    public UUID id;
    public String channel;
    @Column(name = "platform_user_id")
    public String platformUserId;
    public String handle;
    @Column(name = "display_name")
    public String displayName;
    @Column(name = "first_seen_at")
    public Instant firstSeenAt;
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
    @Column(name = "post_count")
    public long postCount;
    @Column(name = "learned_at")
    public Instant learnedAt;
    @Version
    public Long version;

    public IdentityState state() {
        return new IdentityState(handle, displayName, firstSeenAt, lastSeenAt, postCount);
    }

    public void apply(IdentityState state) {
        handle = state.handle();
        displayName = state.displayName();
        firstSeenAt = state.firstSeenAt();
        lastSeenAt = state.lastSeenAt();
        postCount = state.postCount();
    }
}
