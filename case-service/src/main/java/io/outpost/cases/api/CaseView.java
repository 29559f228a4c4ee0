package io.outpost.cases.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.cases.domain.CasePost;
import io.outpost.cases.domain.CaseStatus;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.cases.domain.SlaSchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The API's view of cases; the entities never leave the service as they are. */
public final class CaseView {

    private CaseView() {
    }

    /** The description of a case's account, shared by the list and the detail. */
    static final String ACCOUNT = "The platform id of our channel account the customer wrote to (the X account, "
            + "Facebook page or Instagram account): every reply, DM and survey invitation of the case goes out from it. "
            + "Taken from the opening post, else from the first later customer post that names one; a post to another "
            + "of our accounts does not change it. Absent: the channel's default account";

    @Schema(description = "The customer as the platform knows them (never CRM data)")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Customer(String platformUserId, String handle, String displayName) {
    }

    @Schema(description = "The agent who has the case")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Assignee(UUID id, String name, Instant assignedAt,
            @Schema(description = "The agent's login, when known") String username) {
    }

    @Schema(description = "One SLA target of the case and where it stands")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SlaTarget(
            @Schema(description = "first-response, next-response or resolution") String target,
            @Schema(description = "When it falls due; absent while the case is pending (the clock stops)") Instant dueAt,
            @Schema(description = "running, paused, breached, met or met-late") String state,
            @Schema(description = "When the breach was noticed (case.sla-breached)") Instant breachedAt) {
    }

    @Schema(description = "A case in the list")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(
            UUID id,
            @Schema(description = "new, open, pending, on-hold, resolved or closed") String status,
            String channel,
            @Schema(description = "public or private: where the conversation began") String visibility,
            Customer customer,
            @Schema(description = "The platform time of the first post") Instant openedAt,
            @Schema(description = "1 (urgent) .. 4 (low)") int priority,
            @Schema(description = "null while nobody has the case") Assignee assignee,
            UUID firstPostId,
            @Schema(description = "The first agent response: a reply once delivered (its delivery time) or a post "
                    + "the brand typed on the platform; echoes of our replies and undelivered replies are none; "
                    + "null before") Instant firstResponseAt,
            Instant resolvedAt,
            Instant closedAt,
            List<String> tags,
            @Schema(description = "Skills an agent needs (from intent, language, channel)") List<String> requiredSkills,
            String language,
            String intent,
            @Schema(description = "Sentiment of the opening post in [-1, 1]") Double sentiment,
            @Schema(description = "Why the case is hidden from agents (bot, spam); absent for normal cases") String hiddenReason,
            @Schema(description = "The CRM customer, only while a consented link exists") String crmCustomerId,
            @Schema(description = "The incident the case is attached to, if any") UUID incidentId,
            @Schema(description = ACCOUNT) String accountId,
            @Schema(description = "SLA targets and their state") List<SlaTarget> sla) {
    }

    @Schema(description = "A post of a case")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Post(
            UUID id,
            String externalId,
            @Schema(description = "customer, or agent for a post our account made on the platform outside "
                    + "Outpost (echoes of Outpost's replies are shown on the reply, not as posts)") String from,
            Customer author,
            String text,
            @Schema(description = "The platform's time of the post") Instant createdAt,
            Instant receivedAt,
            String inReplyToExternalId,
            String visibility,
            @Schema(description = "When the platform reported the post deleted (its text is dropped)") Instant deletedAt,
            Instant editedAt,
            @Schema(description = "Why ingest-service hid the post (bot, spam, campaign); absent for normal posts. "
                    + "A hidden post does not reopen the case, start an SLA turn or get the public reply until "
                    + "un-hidden") String hiddenReason,
            @Schema(description = "When a person un-hid the post; from then it counts") Instant unhiddenAt,
            @Schema(description = "Who un-hid it (login)") String unhiddenBy,
            @Schema(description = "Set when the post is the customer's answer to this survey (a DM score or "
                    + "\"stop\"): the survey's, not a message for the case") UUID surveyId,
            @Schema(description = "false for a hidden post not un-hidden and for a survey answer: it does not "
                    + "drive the case; true for other customer posts; absent for our own posts") Boolean counts,
            @Schema(description = "The platform id of our channel account the post was addressed to, when its "
                    + "delivery named it; may differ from the case's accountId, which keeps the first") String accountId) {
    }

    @Schema(description = "A case with its posts in platform-time order")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(
            UUID id,
            String status,
            String channel,
            String visibility,
            Customer customer,
            Instant openedAt,
            int priority,
            Assignee assignee,
            UUID firstPostId,
            Instant firstResponseAt,
            Instant resolvedAt,
            Instant closedAt,
            List<String> tags,
            List<String> requiredSkills,
            String language,
            String intent,
            Double sentiment,
            String hiddenReason,
            String crmCustomerId,
            @Schema(description = "Set when this case was merged into another") UUID mergedIntoCaseId,
            @Schema(description = "The incident the case is attached to, if any") UUID incidentId,
            @Schema(description = ACCOUNT) String accountId,
            List<SlaTarget> sla,
            List<Post> posts) {
    }

    @Schema(description = "A change to a case; absent fields stay as they are")
    public record PatchRequest(
            @Schema(description = "new, open, pending, on-hold, resolved or closed") String status,
            @Schema(description = "1 (urgent) .. 4 (low)") Integer priority,
            @Schema(description = "Replaces the tags (at most 20, 1..50 characters each)") List<String> tags,
            @Schema(description = "Supervisors and admins only: the agent who gets the case") AssigneeRequest assignee,
            @Schema(description = "Resolve a case that began in public without a public reply") Boolean closePubliclyOverride) {
    }

    @Schema(description = "The agent a supervisor gives the case to")
    public record AssigneeRequest(@Schema(description = "The agent's id (routing-service)") String id, String name,
            String team,
            @Schema(description = "The agent's login (token preferred_username), so the agent sees the case") String username) {
    }

    @Schema(description = "The case to merge into")
    public record MergeRequest(String intoCaseId) {
    }

    @Schema(description = "An internal note: 1..10000 characters")
    public record NoteRequest(String text) {
    }

    @Schema(description = "A customer waiting past a response target")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Missed(
            UUID caseId,
            String channel,
            int priority,
            Assignee assignee,
            @Schema(description = "first-response or next-response") String target,
            @Schema(description = "Platform time of the first post still unanswered") Instant waitingSince,
            Instant dueAt,
            @Schema(description = "The waiting post") Post post,
            @Schema(description = "Our latest reply of the case when it did not reach the customer: its "
                    + "failureReason is the platform's; absent otherwise") ReplyView.Reply failedReply) {
    }

    @Schema(description = "One page of missed posts, the longest wait first")
    public record MissedPage(List<Missed> items, String nextCursor) {
    }

    static Missed missed(io.outpost.cases.store.CaseStore.Missed m) {
        CustomerCase c = m.kase();
        return new Missed(c.id, c.channel, c.priority, assignee(c), m.target(), m.waitingSince(), m.dueAt(),
                m.post() == null ? null : post(m.post()), m.failedReply() == null ? null : ReplyView.reply(m.failedReply()));
    }

    @Schema(description = "One page of cases, newest first")
    public record Page(
            List<Summary> items,
            @Schema(description = "Pass as cursor to get the next page; null on the last page") String nextCursor) {
    }

    static Summary summary(CustomerCase c) {
        return new Summary(c.id, c.status, c.channel, c.visibility, customer(c), c.openedAt, c.priority,
                assignee(c), c.firstPostId, c.firstResponseAt, c.resolvedAt, c.closedAt, List.of(c.tags),
                List.of(c.requiredSkills), c.language, c.intent, c.sentiment, c.hiddenReason, c.crmCustomerId,
                c.incidentId, c.accountId, sla(c, Instant.now()));
    }

    static Detail detail(CustomerCase c, List<CasePost> posts) {
        return new Detail(c.id, c.status, c.channel, c.visibility, customer(c), c.openedAt, c.priority, assignee(c),
                c.firstPostId, c.firstResponseAt, c.resolvedAt, c.closedAt, List.of(c.tags), List.of(c.requiredSkills),
                c.language, c.intent, c.sentiment, c.hiddenReason, c.crmCustomerId, c.mergedIntoCaseId,
                c.incidentId, c.accountId, sla(c, Instant.now()), posts.stream().map(CaseView::post).toList());
    }

    /** The targets that apply to the case, each with its state at {@code now}. */
    static List<SlaTarget> sla(CustomerCase c, Instant now) {
        List<SlaTarget> out = new ArrayList<>();
        if (c.hidden()) {
            return out;
        }
        boolean paused = c.caseStatus() == CaseStatus.PENDING;
        target(out, SlaSchedule.FIRST_RESPONSE, c.firstResponseDueAt, c.firstResponseAt, c.firstResponseBreachedAt,
                paused, now);
        if (c.turnStartedAt != null && !c.caseStatus().isDone()) {
            target(out, SlaSchedule.NEXT_RESPONSE, c.nextResponseDueAt, null, c.nextResponseBreachedAt, paused, now);
        }
        Instant done = c.resolvedAt != null ? c.resolvedAt : c.closedAt;
        target(out, SlaSchedule.RESOLUTION, c.resolutionDueAt, done, c.resolutionBreachedAt, paused, now);
        return out;
    }

    private static void target(List<SlaTarget> out, String name, Instant dueAt, Instant doneAt, Instant breachedAt,
            boolean paused, Instant now) {
        String state;
        if (doneAt != null) {
            if (dueAt == null && breachedAt == null) {
                state = "met";
            } else {
                state = breachedAt != null || (dueAt != null && doneAt.isAfter(dueAt)) ? "met-late" : "met";
            }
        } else if (breachedAt != null || (dueAt != null && now.isAfter(dueAt))) {
            state = "breached";
        } else if (paused) {
            state = "paused";
        } else if (dueAt == null) {
            return; // no target applies
        } else {
            state = "running";
        }
        out.add(new SlaTarget(name, dueAt, state, breachedAt));
    }

    static Customer customer(CustomerCase c) {
        return new Customer(c.customerPlatformId, c.customerHandle, c.customerDisplayName);
    }

    private static Assignee assignee(CustomerCase c) {
        return c.assigneeId == null ? null : new Assignee(c.assigneeId, c.assigneeName, c.assignedAt, c.assigneeUsername);
    }

    static Post post(CasePost p) {
        return new Post(p.id, p.externalId, p.fromOwnAccount ? "agent" : "customer",
                new Customer(p.authorPlatformId, p.authorHandle, p.authorDisplayName), p.text, p.createdAt,
                p.receivedAt, p.inReplyToExternalId, p.visibility, p.deletedAt, p.editedAt, p.hiddenReason,
                p.unhiddenAt, p.unhiddenBy, p.surveyId, p.fromOwnAccount ? null : p.countsAsCustomerMessage(),
                p.accountId);
    }
}
