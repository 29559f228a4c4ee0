package io.outpost.crmlink.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.crmlink.domain.AuditChainVerifier;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The outcome of recomputing the audit log's hash chain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditVerificationView(
        @Schema(description = "True when every entry matched its seal and its link to the one before") boolean ok,
        @Schema(description = "Entries checked, the broken one included") long checked,
        @Schema(description = "The last entry, when the whole log verified (absent for an empty log)") Head head,
        @Schema(description = "The first entry that did not verify; absent when ok") Broken firstBroken) {

    /**
     * @param anchor {@code position:hash}: keep it outside the database and pass it as {@code anchor} to a later
     *               verification, which then also detects a rewrite up to here or a log cut short
     */
    public record Head(long position, UUID id, Instant at, String hash, String anchor) {
    }

    /**
     * @param position the entry's position in the chain (1 is the first entry)
     * @param id       the entry's id; absent when the entry itself is missing (truncated)
     * @param problem  missing-entries, broken-link, content-changed, entry-changed, redaction-without-erasure,
     *                 redaction-count-mismatch, anchor-mismatch or truncated
     * @param detail   what differs, in words
     */
    public record Broken(long position, UUID id, String problem, String detail) {
    }

    static AuditVerificationView of(AuditChainVerifier.Result result) {
        AuditChainVerifier.Head head = result.head();
        AuditChainVerifier.Break broken = result.firstBroken();
        return new AuditVerificationView(result.ok(), result.checked(),
                head == null ? null : new Head(head.position(), head.id(), head.at(), head.hash(),
                        head.position() + ":" + head.hash()),
                broken == null ? null : new Broken(broken.position(), broken.id(), broken.problem().wireName(),
                        broken.detail()));
    }
}
