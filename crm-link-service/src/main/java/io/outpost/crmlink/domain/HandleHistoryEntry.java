package io.outpost.crmlink.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One recorded {@link HandleChange} of a {@link SocialIdentity}. */
@Entity
@Table(name = "handle_change")
public class HandleHistoryEntry extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "identity_id")
    public UUID identityId;
    @Column(name = "old_handle")
    public String oldHandle;
    @Column(name = "new_handle")
    public String newHandle;
    @Column(name = "changed_at")
    public Instant changedAt;
    @Column(name = "post_id")
    public UUID postId;
}
