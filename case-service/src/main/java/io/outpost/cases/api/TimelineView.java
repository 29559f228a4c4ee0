package io.outpost.cases.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.cases.domain.CaseReply;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.cases.store.ReplyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A case's history in time order: posts (platform time), replies (request time), the assignment. */
public final class TimelineView {

    private TimelineView() {
    }

    @Schema(description = "One entry: type post, reply or assignment; the other fields by type")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(
            @Schema(description = "post, reply or assignment") String type,
            @Schema(description = "post: platform time; reply: requested; assignment: assigned") Instant at,
            CaseView.Post post,
            ReplyView.Reply reply,
            CaseView.Assignee assignment) {
    }

    @Schema(description = "The timeline of a case")
    public record Timeline(UUID caseId, List<Entry> entries) {
    }

    /** Order of entries at the same instant: post, then reply, then assignment. */
    private static final List<String> TYPE_ORDER = List.of("post", "reply", "assignment");

    static Timeline of(ReplyStore.Timeline t) {
        List<Entry> entries = new ArrayList<>();
        t.posts().forEach(p -> entries.add(new Entry("post", p.createdAt, CaseView.post(p), null, null)));
        for (CaseReply r : t.replies()) {
            entries.add(new Entry("reply", r.requestedAt, null, ReplyView.reply(r), null));
        }
        CustomerCase c = t.kase();
        if (c.assigneeId != null) {
            entries.add(new Entry("assignment", c.assignedAt, null, null,
                    new CaseView.Assignee(c.assigneeId, c.assigneeName, c.assignedAt)));
        }
        // Stable sort: within a type at one instant the store's order (id tie-break) stays.
        entries.sort(Comparator.comparing(Entry::at).thenComparing(e -> TYPE_ORDER.indexOf(e.type())));
        return new Timeline(c.id, entries);
    }
}
