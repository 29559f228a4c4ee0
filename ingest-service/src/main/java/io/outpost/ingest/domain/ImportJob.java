package io.outpost.ingest.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One bulk import: its uploaded file and its progress, committed batch by batch. */
@Entity
@Table(name = "import_job")
public class ImportJob extends PanacheEntityBase {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    @Id
    public UUID id;
    public String format;
    @Column(name = "content_type")
    public String contentType;
    @Column(name = "file_path")
    public String filePath;
    @Column(name = "file_size")
    public long fileSize;
    public String status;
    @Column(name = "lines_read")
    public long linesRead;
    public long accepted;
    public long duplicates;
    public long rejected;
    public long published;
    /** The byte offset after the last committed line: where a resumed job reads on. */
    @Column(name = "committed_offset")
    public long committedOffset;
    /** The physical lines (including a CSV header) up to {@link #committedOffset}. */
    @Column(name = "committed_line")
    public long committedLine;
    public String error;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;

    public boolean finished() {
        return COMPLETED.equals(status) || FAILED.equals(status);
    }
}
