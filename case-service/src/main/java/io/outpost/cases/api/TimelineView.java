package io.outpost.cases.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.cases.domain.CaseActivity;
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

    @Schema(description = "One entry: type post, reply, assignment, or an activity type (note, status, update, "
            + "sla-breached, close-publicly-override, post-deleted, post-edited, post-unhidden, crm-linked, "
            + "crm-unlinked, erased, survey-sent, survey-answered, incident-attached, incident-detached, "
            + "incident-closed); the other fields by type. A post carries hiddenReason when it is hidden noise "
            + "and surveyId when it is a survey answer")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(
            String type,
            @Schema(description = "post: platform time; reply: requested; assignment: assigned; activity: when it happened") Instant at,
            CaseView.Post post,
            ReplyView.Reply reply,
            CaseView.Assignee assignment,
            Activity activity) {
    }

    @Schema(description = "A note, a status change or another event of the case")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Activity(
            @Schema(description = "The username; absent when the system did it") String actor,
            String fromStatus,
            String toStatus,
            @Schema(description = "note: its text; status: why (system changes); sla-breached: the target; "
                    + "post-deleted/-edited: the post's external id; post-unhidden: the post's external id and why "
                    + "it had been hidden; update: what changed") String detail) {
    }

    @Schema(description = "The timeline of a case")
    public record Timeline(UUID caseId, List<Entry> entries) {
    }

    /** Order of entries at the same instant: post, then reply, then assignment. */
    private static final List<String> TYPE_ORDER = List.of("post", "reply", "assignment");

    private static int order(String type) {
        int i = TYPE_ORDER.indexOf(type);
        return i < 0 ? TYPE_ORDER.size() : i;
    }

    static Timeline of(ReplyStore.Timeline t) {
        List<Entry> entries = new ArrayList<>();
        t.posts().forEach(p -> entries.add(new Entry("post", p.createdAt, CaseView.post(p), null, null, null)));
        for (CaseReply r : t.replies()) {
            entries.add(new Entry("reply", r.requestedAt, null, ReplyView.reply(r), null, null));
        }
        CustomerCase c = t.kase();
        if (c.assigneeId != null) {
            entries.add(new Entry("assignment", c.assignedAt, null, null,
                    new CaseView.Assignee(c.assigneeId, c.assigneeName, c.assignedAt, c.assigneeUsername), null));
        }
        for (CaseActivity a : t.activities()) {
            entries.add(new Entry(a.type, a.at, null, null, null,
                    new Activity(a.actor, a.fromStatus, a.toStatus, a.detail)));
        }
        // Stable sort: within a type at one instant the store's order (id tie-break) stays.
        entries.sort(Comparator.comparing(Entry::at).thenComparing(e -> order(e.type())));
        return new Timeline(c.id, entries);
    }
}
