package io.outpost.crmlink.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A bulk customer import job (table {@code customer_import}). */
@Entity
@Table(name = "customer_import")
public class CustomerImportRow extends PanacheEntityBase {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    @Id
    public UUID id;
    public String format;
    public String status;
    public String error;
    /** Records consumed (accepted + rejected): also the position a resumed job skips to. */
    @Column(name = "lines_read")
    public long linesRead;
    public long accepted;
    public long rejected;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
}
