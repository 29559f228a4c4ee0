package io.outpost.crmlink.store;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One audit log entry as read back (table {@code audit_entry}). Entries are only ever inserted
 * (by {@link AuditLog#append}, in native SQL because {@code evidence} is jsonb) and read with
 * native queries that return the evidence as text; nothing maps this entity for writing.
 */
@Entity
@org.hibernate.annotations.Immutable
@Table(name = "audit_entry")
public class AuditEntry {

    @Id
    public UUID id;
    public Instant at;
    public String actor;
    public String action;
    public String subject;
    public String reason;
    /** The evidence, JSON text. */
    public String evidence;
}
