package io.outpost.cases.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A saved reply of a care team (or of everybody), with placeholders ({@link CannedText}); supervisors keep them. */
@Entity
@Table(name = "canned_response")
public class CannedResponse extends PanacheEntityBase {

    @Id
    public UUID id;
    /** The care team it belongs to (an assignee's team name); null: global, for every team. */
    public String team;
    public String title;
    /** With placeholders; valid by {@link CannedText#refusal} when saved. */
    public String text;
    /** The only channel it is for (a channel wire name); null: any channel. */
    public String channel;
    /** ISO 639-1 code; null: not stated. */
    public String language;
    public String[] tags = new String[0];
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_by")
    public String updatedBy;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** Optimistic concurrency: an update names the version it read; a stale one is a 409. */
    @Version
    public long version;
}
