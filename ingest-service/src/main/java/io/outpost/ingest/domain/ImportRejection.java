package io.outpost.ingest.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** A line an import could not take, with the reason. */
@Entity
@Table(name = "import_rejection")
@IdClass(ImportRejection.Key.class)
public class ImportRejection extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public UUID jobId;
    /** The physical line (1-based) the rejected record starts on. */
    @Id
    public long line;
    public String reason;

    /** The primary key: (job, line). */
    public static class Key implements Serializable {
        public UUID jobId;
        public long line;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.line == line && Objects.equals(k.jobId, jobId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, line);
        }
    }
}
