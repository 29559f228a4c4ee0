package io.outpost.cases.api;

import io.outpost.cases.config.CasesConfig;
import io.outpost.cases.domain.CannedResponse;
import io.outpost.cases.domain.CannedText;
import io.outpost.cases.domain.CaseStatus;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.cases.domain.ReplyRules;
import io.outpost.cases.store.CannedResponseStore;
import io.outpost.cases.store.CaseClaims;
import io.outpost.cases.store.CaseLifecycle;
import io.outpost.cases.store.CaseStore;
import io.outpost.cases.store.ReplyStore;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.PageCursor;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import io.outpost.kit.messaging.TransientFailures;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Reading cases, replying to them and their timeline. Query parameters are taken as text and parsed here, so that every bad value is a
 * 400 naming the parameter (a JAX-RS conversion failure would be a bare 404).
 */
@Path("/api/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
public class CasesResource {

    private final CaseStore cases;
    private final CasesConfig config;
    private final ReplyStore replies;
    private final CaseLifecycle lifecycle;
    private final CannedResponseStore canned;
    private final CaseClaims claims;
    private final SecurityIdentity caller;

    public CasesResource(CaseStore cases, CasesConfig config, ReplyStore replies, CaseLifecycle lifecycle,
            CannedResponseStore canned, CaseClaims claims, SecurityIdentity caller) {
        this.claims = claims;
        this.cases = cases;
        this.config = config;
        this.replies = replies;
        this.lifecycle = lifecycle;
        this.canned = canned;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.INTEGRATION })
    @Operation(summary = "List cases", description = "Roles: agent, supervisor, admin, integration. Newest first "
            + "(platform time of the first post) unless sort=openedAt; cursor pagination. Hidden (bot/spam) "
            + "cases are left out; supervisors, admins and integrations may ask for them with hidden=true or "
            + "hidden=any; agents never see them. Agents see the cases assigned to them and unassigned ones "
            + "(their queue); supervisors, admins and integrations see every case.")
    @APIResponse(responseCode = "200", description = "One page of cases")
    @APIResponse(responseCode = "400", description = "A bad filter, cursor or limit (problem details)")
    @APIResponse(responseCode = "403", description = "An agent asked for hidden cases (problem details)")
    public Uni<CaseView.Page> list(
            @Parameter(description = "new, open, pending, on-hold, resolved or closed") @QueryParam("status") String status,
            @Parameter(description = "x, facebook, instagram, messenger, forum, email or chat") @QueryParam("channel") String channel,
            @Parameter(description = "The assigned agent's id") @QueryParam("assigneeId") String assigneeId,
            @Parameter(description = "1 (urgent) .. 4 (low)") @QueryParam("priority") String priority,
            @Parameter(description = "true: cases that missed an SLA target; false: cases that missed none") @QueryParam("breached") String breached,
            @Parameter(description = "Cases with a post containing this text (case-insensitive)") @QueryParam("text") String text,
            @Parameter(description = "The case holding the post with this external id (with channel)") @QueryParam("postExternalId") String postExternalId,
            @Parameter(description = "Opened (platform time) at or after this ISO-8601 instant") @QueryParam("createdFrom") String createdFrom,
            @Parameter(description = "Opened (platform time) before this ISO-8601 instant") @QueryParam("createdTo") String createdTo,
            @Parameter(description = "false (default), true (only hidden) or any; not for agents") @QueryParam("hidden") String hidden,
            @Parameter(description = "The triaged intent (lower case letters, digits, hyphens), e.g. billing") @QueryParam("intent") String intent,
            @Parameter(description = "The ISO 639 code of the opening post's language, e.g. en") @QueryParam("language") String language,
            @Parameter(description = "true: only cases nobody has (the queue to claim from); false: only assigned ones") @QueryParam("unassigned") String unassigned,
            @Parameter(description = "The customer's platform user id (customer.platformId): their cases, e.g. their previous ones; with channel for one platform") @QueryParam("customer") String customer,
            @Parameter(description = "-openedAt (default, newest first) or openedAt (oldest first)") @QueryParam("sort") String sort,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Cases per page, 1..200, default 50") @QueryParam("limit") String limit) {
        Instant from = instant("createdFrom", createdFrom);
        Instant to = instant("createdTo", createdTo);
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.badRequest("createdFrom must be before createdTo");
        }
        String search = text == null || text.isBlank() ? null : text.strip();
        if (search != null && search.length() > 200) {
            throw ApiException.badRequest("text must be at most 200 characters");
        }
        CaseStore.Filter filter = new CaseStore.Filter(status(status), RequestValues.optionalChannel("channel", channel),
                RequestValues.optionalUuid("assigneeId", assigneeId), priority("priority", priority),
                bool("breached", breached), search, from, to, hidden(hidden),
                postExternalId == null || postExternalId.isBlank() ? null : postExternalId.strip(),
                Callers.narrowedAgent(caller), InboxFilters.intent(intent), InboxFilters.language(language),
                bool("unassigned", unassigned), InboxFilters.customer(customer));
        boolean oldestFirst = oldestFirst(sort);
        PageCursor after = PageCursor.decode(cursor);
        int pageSize = PageCursor.limit(limit, config.page().defaultLimit(), config.page().maxLimit());
        return cases.list(filter, oldestFirst, after, pageSize).map(page -> new CaseView.Page(
                page.items().stream().map(CaseView::summary).toList(),
                page.next() == null ? null : page.next().encode()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.INTEGRATION })
    @Operation(summary = "Get a case", description = "Roles: agent, supervisor, admin, integration. The case with "
            + "its posts in platform-time order.")
    @APIResponse(responseCode = "200", description = "The case")
    @APIResponse(responseCode = "400", description = "The id is not a UUID (problem details)")
    @APIResponse(responseCode = "404", description = "No such case, or not one the calling agent may see (problem details)")
    public Uni<CaseView.Detail> get(@PathParam("id") String id) {
        UUID caseId = RequestValues.uuid("id", id);
        return cases.get(caseId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no case " + caseId))
                .invoke(found -> requireVisible(found.kase()))
                .map(found -> CaseView.detail(found.kase(), found.posts()));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.INTEGRATION })
    @Operation(summary = "Change a case", description = "Roles: agent, supervisor, admin, integration; the assignee "
            + "only by supervisors and admins. Status along the allowed transitions (new -> open, pending, on-hold, "
            + "resolved, closed; open/pending/on-hold -> each other, resolved, closed; resolved -> open, closed; "
            + "closed is final), priority 1..4, tags (replace the list). Resolving or closing a case that began in "
            + "public without a public reply needs closePubliclyOverride true (supervisors, admins and the assigned agent). Routable "
            + "changes publish case.updated; resolving publishes case.resolved.")
    @APIResponse(responseCode = "200", description = "The case after the change")
    @APIResponse(responseCode = "400", description = "Nothing to change, a bad status, priority, tag or assignee (problem details)")
    @APIResponse(responseCode = "403", description = "An assignee change or an override the caller may not make (problem details)")
    @APIResponse(responseCode = "404", description = "No such case, or not one the calling agent may see (problem details)")
    @APIResponse(responseCode = "409", description = "A transition the status does not allow (problem details)")
    @APIResponse(responseCode = "422", description = "Resolving without a public reply (problem details)")
    public Uni<CaseView.Detail> patch(@PathParam("id") String id, CaseView.PatchRequest request) {
        UUID caseId = RequestValues.uuid("id", id);
        CaseLifecycle.Patch patch = patchOf(request);
        boolean supervisor = caller.hasRole(Roles.SUPERVISOR) || caller.hasRole(Roles.ADMIN);
        if (patch.assignee() != null && !supervisor) {
            throw new ApiException(403, "Forbidden", "only supervisors and admins may choose the assignee");
        }
        CaseLifecycle.Actor actor = new CaseLifecycle.Actor(Callers.username(caller), supervisor);
        return visible(caseId)
                .chain(() -> Uni.createFrom().deferred(() -> lifecycle.update(caseId, patch, actor))
                        .onFailure(TransientFailures::isConcurrentChange).retry().atMost(3)
                        .onFailure(TransientFailures::isConcurrentChange).transform(e -> ApiException.conflict(
                                "case " + caseId + " changed meanwhile; try again")))
                .chain(() -> cases.get(caseId))
                .map(found -> CaseView.detail(found.kase(), found.posts()));
    }

    @POST
    @Path("/{id}/claim")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR })
    @Operation(summary = "Claim an unassigned case", description = "Roles: agent, supervisor (those who work cases). "
            + "The case becomes the caller's (their login, the token's preferred_username; their routing-service agent "
            + "id as the assignments topic named it): a new case becomes open, the timeline records it (claimed) and "
            + "case.updated (changes assignee) tells routing-service, which stops offering it. Atomic: of two claims at "
            + "once exactly one wins, the other gets 409 naming who has the case. Claiming a case one has already is a "
            + "200 that changes nothing. No body.")
    @APIResponse(responseCode = "200", description = "The case, now the caller's")
    @APIResponse(responseCode = "400", description = "The id is not a UUID (problem details)")
    @APIResponse(responseCode = "404", description = "No such case, or a hidden one for an agent (problem details)")
    @APIResponse(responseCode = "409", description = "Someone else has the case (named), or it is hidden or closed "
            + "(problem details)")
    public Uni<CaseView.Detail> claim(@PathParam("id") String id) {
        UUID caseId = RequestValues.uuid("id", id);
        CaseClaims.Claimant claimant = new CaseClaims.Claimant(Callers.username(caller), tokenName(),
                Callers.narrowedAgent(caller) != null);
        // No visibility pre-check: a case another agent has is a 409 naming them (the loser of a race must
        // learn who won), and the claim's own UPDATE decides atomically.
        return Uni.createFrom().deferred(() -> claims.claim(caseId, claimant))
                .onFailure(TransientFailures::isConcurrentChange).retry().atMost(3)
                .onFailure(TransientFailures::isConcurrentChange).transform(e -> ApiException.conflict(
                        "case " + caseId + " changed meanwhile; try again"))
                .chain(() -> cases.get(caseId))
                .map(found -> CaseView.detail(found.kase(), found.posts()));
    }

    /** The token's name claim, or null. */
    private String tokenName() {
        String name = caller.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("name") : null;
        return name == null || name.isBlank() ? null : name.strip();
    }

    @POST
    @Path("/{id}/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.INTEGRATION })
    @Operation(summary = "Merge this case into another", description = "Roles: agent, supervisor, admin, "
            + "integration. Both cases must belong to the same customer on the same channel and not be closed. "
            + "This case's posts and replies move to the other one, which keeps the earlier opening and first "
            + "response; this case is closed with mergedIntoCaseId (case.updated, changes status and merged).")
    @APIResponse(responseCode = "200", description = "The case merged into, after the merge")
    @APIResponse(responseCode = "400", description = "A bad or the same id (problem details)")
    @APIResponse(responseCode = "404", description = "No such case, or not one the calling agent may see (problem details)")
    @APIResponse(responseCode = "409", description = "A closed case (problem details)")
    @APIResponse(responseCode = "422", description = "Another customer or channel (problem details)")
    public Uni<CaseView.Detail> merge(@PathParam("id") String id, CaseView.MergeRequest request) {
        UUID sourceId = RequestValues.uuid("id", id);
        UUID targetId = RequestValues.uuid("intoCaseId", request == null ? null : request.intoCaseId());
        if (sourceId.equals(targetId)) {
            throw ApiException.badRequest("a case cannot be merged into itself");
        }
        boolean supervisor = caller.hasRole(Roles.SUPERVISOR) || caller.hasRole(Roles.ADMIN);
        CaseLifecycle.Actor actor = new CaseLifecycle.Actor(Callers.username(caller), supervisor);
        return visible(sourceId).chain(() -> visible(targetId))
                .chain(() -> Uni.createFrom().deferred(() -> lifecycle.merge(sourceId, targetId, actor))
                        .onFailure(TransientFailures::isConcurrentChange).retry().atMost(3)
                        .onFailure(TransientFailures::isConcurrentChange).transform(e -> ApiException.conflict(
                                "a case changed meanwhile; try again")))
                .chain(() -> cases.get(targetId))
                .map(found -> CaseView.detail(found.kase(), found.posts()));
    }

    @POST
    @Path("/{id}/posts/{postId}/unhide")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR })
    @Operation(summary = "Un-hide a hidden post", description = "Roles: agent, supervisor (a care decision: admins and "
            + "integrations do not make it). A post ingest-service hid (bot, spam, campaign) stays on the timeline "
            + "but does not drive the case; un-hidden, it counts as a customer post that arrived now: a resolved "
            + "or pending case it came after is opened (case.updated), its SLA turn starts now, and it may be "
            + "what a public reply answers. The timeline records who did it (post-unhidden). Idempotent: again "
            + "changes nothing. No body.")
    @APIResponse(responseCode = "200", description = "The case after the un-hide")
    @APIResponse(responseCode = "400", description = "An id is not a UUID (problem details)")
    @APIResponse(responseCode = "404", description = "No such case, not one the calling agent may see, or no such "
            + "post in it (problem details)")
    @APIResponse(responseCode = "409", description = "The post is not hidden or was deleted, or the case is closed "
            + "or hidden as a whole (problem details)")
    public Uni<CaseView.Detail> unhide(@PathParam("id") String id, @PathParam("postId") String postId) {
        UUID caseId = RequestValues.uuid("id", id);
        UUID post = RequestValues.uuid("postId", postId);
        boolean supervisor = caller.hasRole(Roles.SUPERVISOR) || caller.hasRole(Roles.ADMIN);
        CaseLifecycle.Actor actor = new CaseLifecycle.Actor(Callers.username(caller), supervisor);
        return visible(caseId)
                .chain(() -> Uni.createFrom().deferred(() -> lifecycle.unhide(caseId, post, actor))
                        .onFailure(TransientFailures::isConcurrentChange).retry().atMost(3)
                        .onFailure(TransientFailures::isConcurrentChange).transform(e -> ApiException.conflict(
                                "case " + caseId + " changed meanwhile; try again")))
                .chain(() -> cases.get(caseId))
                .map(found -> CaseView.detail(found.kase(), found.posts()));
    }

    @POST
    @Path("/{id}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.INTEGRATION })
    @Operation(summary = "Add an internal note", description = "Roles: agent, supervisor, integration. Internal: "
            + "never sent to the customer; shown on the timeline.")
    @APIResponse(responseCode = "201", description = "The note, as a timeline entry")
    @APIResponse(responseCode = "400", description = "Empty or longer than 10000 characters (problem details)")
    @APIResponse(responseCode = "404", description = "No such case, or not one the calling agent may see (problem details)")
    public Uni<Response> note(@PathParam("id") String id, CaseView.NoteRequest request) {
        UUID caseId = RequestValues.uuid("id", id);
        if (request == null || request.text() == null || request.text().isBlank()) {
            throw ApiException.badRequest("text must not be empty");
        }
        String text = request.text().strip();
        if (text.codePointCount(0, text.length()) > 10_000) {
            throw ApiException.badRequest("text must be at most 10000 characters");
        }
        String author = Callers.username(caller);
        return visible(caseId)
                .chain(() -> Uni.createFrom().deferred(() -> lifecycle.note(caseId, author, text))
                        .onFailure(TransientFailures::isConcurrentChange).retry().atMost(3))
                .map(note -> Response.status(201).entity(new TimelineView.Entry(note.type, note.at, null, null, null,
                        new TimelineView.Activity(note.actor, null, null, note.detail))).build());
    }

    @POST
    @Path("/{id}/replies")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.INTEGRATION })
    @Operation(summary = "Reply to a case", description = "Roles: agent, supervisor, integration. Recorded and "
            + "sent as outbound.requested (public-reply answering the latest public customer post, or "
            + "private-message to the customer). Agents and supervisors sign with their signature; "
            + "integration replies are unsigned.")
    @APIResponse(responseCode = "201", description = "The reply, status requested")
    @APIResponse(responseCode = "400", description = "Empty text, text over 10000 characters, bad visibility or id "
            + "(problem details)")
    @APIResponse(responseCode = "404", description = "No such case, or not one the calling agent may see (problem details)")
    @APIResponse(responseCode = "409", description = "The case is closed, or (type reply-collision, with colleague "
            + "and repliedAt) a colleague answered the same post in public within the collision window and "
            + "confirmCollision is not true (problem details)")
    @APIResponse(responseCode = "422", description = "No answer besides its link and greeting, too long for x as x "
            + "counts it, no private path, no public post to answer (problem details)")
    public Uni<Response> reply(@PathParam("id") String id, ReplyView.Request request) {
        UUID caseId = RequestValues.uuid("id", id);
        Visibility visibility = replyVisibility(request);
        ReplyStore.Author author = replyAuthor();
        // The case row is versioned: a post or an assignment committed meanwhile makes the
        // transaction fail as a whole; run it again, and after a few tries answer 409.
        return visible(caseId).chain(() -> Uni.createFrom().deferred(() -> replies.reply(caseId, author, request.text(), visibility,
                        Boolean.TRUE.equals(request.confirmCollision()))))
                .onFailure(TransientFailures::isConcurrentChange).retry().atMost(3)
                .onFailure(TransientFailures::isConcurrentChange).transform(e -> ApiException.conflict(
                        "case " + caseId + " changed while replying; try again"))
                .map(r -> Response.status(201).entity(ReplyView.reply(r)).build());
    }

    @POST
    @Path("/{id}/replies/check")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.INTEGRATION })
    @Operation(summary = "Check a reply before sending it", description = "Roles: agent, supervisor, integration "
            + "(those who may reply). Takes the body of a reply and answers what sending it would do, without "
            + "sending or recording anything: the text as sent (the caller's signature included), its length as "
            + "the channel counts it (X's weighted length for a public reply on x), the limit and why it would be "
            + "refused (null when it would be sent). Clients call it while the agent types.")
    @APIResponse(responseCode = "200", description = "The check; a refused reply is a 200 with a refusal")
    @APIResponse(responseCode = "400", description = "Empty text, text over 10000 characters, bad visibility or id "
            + "(problem details)")
    @APIResponse(responseCode = "404", description = "No such case, or not one the calling agent may see (problem details)")
    @APIResponse(responseCode = "409", description = "The case is closed: no reply can be sent (problem details)")
    public Uni<ReplyView.Check> checkReply(@PathParam("id") String id, ReplyView.Request request) {
        UUID caseId = RequestValues.uuid("id", id);
        Visibility visibility = replyVisibility(request);
        ReplyStore.Author author = replyAuthor();
        return visible(caseId).chain(() -> replies.check(caseId, author, request.text(), visibility))
                .map(ReplyView::check);
    }

    @GET
    @Path("/{id}/canned-responses/{cannedId}/rendered")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR })
    @Operation(summary = "A canned response filled in for a case", description = "Roles: agent, supervisor (those "
            + "who reply to customers). The placeholders filled in from the case and the caller ({{agent.name}}: the "
            + "token's name, else the login); one without a value renders as empty text and is listed in missing. "
            + "The text is checked as POST .../replies/check checks a reply (answer first, length as the channel "
            + "counts it, private path, something to answer): the result is in check, refusal null when it could be "
            + "sent. Nothing is sent or recorded; the agent edits the text and sends it through POST .../replies.")
    @APIResponse(responseCode = "200", description = "The rendered text and its check; a refused text is a 200 with "
            + "a refusal")
    @APIResponse(responseCode = "400", description = "A bad id or visibility (problem details)")
    @APIResponse(responseCode = "404", description = "No such case (or not one the calling agent may see) or canned "
            + "response (problem details)")
    @APIResponse(responseCode = "409", description = "The case is closed: no reply can be sent (problem details)")
    @APIResponse(responseCode = "422", description = "The canned response is for another channel (problem details)")
    public Uni<CannedResponseView.Rendered> renderCanned(@PathParam("id") String id,
            @PathParam("cannedId") String cannedId,
            @Parameter(description = "public or private; default: the case's visibility") @QueryParam("visibility") String visibility) {
        UUID caseId = RequestValues.uuid("id", id);
        UUID responseId = RequestValues.uuid("cannedId", cannedId);
        Visibility wanted = visibility == null || visibility.isBlank() ? null : visibilityOf(visibility);
        ReplyStore.Author author = replyAuthor();
        return canned.get(responseId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no canned response " + responseId))
                .chain(response -> cases.get(caseId)
                        .onItem().ifNull().failWith(() -> ApiException.notFound("no case " + caseId))
                        .invoke(found -> requireVisible(found.kase()))
                        .chain(found -> render(response, found.kase(), wanted, author)));
    }

    private Uni<CannedResponseView.Rendered> render(CannedResponse response, CustomerCase kase, Visibility wanted,
            ReplyStore.Author author) {
        if (response.channel != null && !response.channel.equals(kase.channel)) {
            throw ApiException.unprocessable("canned response " + response.id + " is for " + response.channel
                    + "; case " + kase.id + " is on " + kase.channel);
        }
        Visibility visibility = wanted != null ? wanted : Visibility.fromWire(kase.visibility);
        CannedText.Rendered rendered = CannedText.render(response.text, CannedText.values(kase.customerHandle,
                kase.customerDisplayName, agentName(), kase.id.toString(), kase.accountId));
        String text = rendered.text().strip();
        // Text the reply API would refuse with a 400 (empty, too long) is reported here as a refusal:
        // the agent edits it before sending.
        String badText = text.isEmpty() ? "text must not be empty"
                : ReplyRules.length(text) > ReplyRules.TEXT_MAX ? "text must be at most " + ReplyRules.TEXT_MAX + " characters"
                : null;
        ReplyRules.Measure measure = ReplyRules.measure(Channel.fromWire(kase.channel), visibility, text);
        Uni<ReplyView.Check> check = badText != null
                ? Uni.createFrom().item(new ReplyView.Check(text, measure.length(), measure.unit(), measure.limit(),
                        badText, null))
                // The same check as POST .../replies/check, so the two cannot disagree.
                : replies.check(kase.id, author, text, visibility).map(ReplyView::check);
        return check.map(c -> new CannedResponseView.Rendered(response.id, response.version, kase.id,
                visibility.wireName(), text, rendered.missing(), c));
    }

    /** {{agent.name}}: the token's name claim, else the login. */
    private String agentName() {
        String name = caller.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("name") : null;
        return name == null || name.isBlank() ? Callers.username(caller) : name;
    }

    private static Visibility visibilityOf(String value) {
        try {
            return Visibility.fromWire(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("visibility must be public or private");
        }
    }

    /**
     * The visibility of a reply request; 400 for empty text, text over {@value ReplyRules#TEXT_MAX}
     * characters or a visibility that is neither public nor private.
     */
    private static Visibility replyVisibility(ReplyView.Request request) {
        if (request == null || request.text() == null || request.text().isBlank()) {
            throw ApiException.badRequest("text must not be empty");
        }
        String text = request.text().strip();
        if (text.codePointCount(0, text.length()) > ReplyRules.TEXT_MAX) {
            throw ApiException.badRequest("text must be at most " + ReplyRules.TEXT_MAX + " characters");
        }
        if (request.visibility() == null) {
            throw ApiException.badRequest("visibility must be public or private");
        }
        try {
            return Visibility.fromWire(request.visibility());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("visibility must be public or private");
        }
    }

    /** Agents and supervisors sign their replies; integration replies are unsigned. */
    private ReplyStore.Author replyAuthor() {
        boolean signs = caller.hasRole(Roles.AGENT) || caller.hasRole(Roles.SUPERVISOR);
        return new ReplyStore.Author(Callers.username(caller), signs, Callers.defaultSignature(caller));
    }

    @GET
    @Path("/{id}/timeline")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.INTEGRATION })
    @Operation(summary = "A case's timeline", description = "Roles: agent, supervisor, admin, integration. Posts "
            + "(platform time), replies with their delivery status (request time) and the current assignment, "
            + "in time order.")
    @APIResponse(responseCode = "200", description = "The timeline")
    @APIResponse(responseCode = "400", description = "The id is not a UUID (problem details)")
    @APIResponse(responseCode = "404", description = "No such case, or not one the calling agent may see (problem details)")
    public Uni<TimelineView.Timeline> timeline(@PathParam("id") String id) {
        UUID caseId = RequestValues.uuid("id", id);
        return replies.timeline(caseId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no case " + caseId))
                .invoke(t -> requireVisible(t.kase()))
                .map(TimelineView::of);
    }

    /**
     * Agents never see hidden (bot/spam) cases nor cases assigned to another agent: for them such
     * a case does not exist (404, like an unknown id, so that its existence does not leak).
     */
    private void requireVisible(CustomerCase kase) {
        String agent = Callers.narrowedAgent(caller);
        if (agent != null && !kase.visibleToAgent(agent)) {
            throw ApiException.notFound("no case " + kase.id);
        }
    }

    private boolean seesHidden() {
        return caller.hasRole(Roles.SUPERVISOR) || caller.hasRole(Roles.ADMIN) || caller.hasRole(Roles.INTEGRATION);
    }

    /** Completes when the caller may see the case (404 when it is hidden from them; unknown ids fail later, 404 too). */
    private Uni<Void> visible(UUID caseId) {
        if (Callers.narrowedAgent(caller) == null) {
            return Uni.createFrom().voidItem();
        }
        return cases.get(caseId).invoke(found -> {
            if (found != null) {
                requireVisible(found.kase());
            }
        }).replaceWithVoid();
    }

    private CaseStore.Hidden hidden(String value) {
        if (value == null || value.isBlank() || value.strip().equals("false")) {
            return CaseStore.Hidden.EXCLUDE;
        }
        CaseStore.Hidden wanted = switch (value.strip()) {
            case "true" -> CaseStore.Hidden.ONLY;
            case "any" -> CaseStore.Hidden.INCLUDE;
            default -> throw ApiException.badRequest("hidden must be true, false or any, got '" + RequestValues.clip(value) + "'");
        };
        if (!seesHidden()) {
            throw new ApiException(403, "Forbidden", "agents do not see hidden cases");
        }
        return wanted;
    }

    private static CaseLifecycle.Patch patchOf(CaseView.PatchRequest r) {
        if (r == null || (r.status() == null && r.priority() == null && r.tags() == null && r.assignee() == null)) {
            throw ApiException.badRequest("nothing to change: send status, priority, tags or assignee");
        }
        CaseStatus status = status(r.status());
        if (r.priority() != null && (r.priority() < 1 || r.priority() > 4)) {
            throw ApiException.badRequest("priority must be 1 (urgent) .. 4 (low), got " + r.priority());
        }
        List<String> tags = null;
        if (r.tags() != null) {
            if (r.tags().size() > 20) {
                throw ApiException.badRequest("at most 20 tags");
            }
            for (String tag : r.tags()) {
                if (tag == null || tag.isBlank() || tag.strip().length() > 50) {
                    throw ApiException.badRequest("a tag must be 1..50 characters");
                }
            }
            tags = r.tags();
        }
        CaseLifecycle.AssigneeOverride assignee = null;
        if (r.assignee() != null) {
            UUID agentId = RequestValues.uuid("assignee.id", r.assignee().id());
            if (r.assignee().name() != null && r.assignee().name().length() > 200) {
                throw ApiException.badRequest("assignee.name must be at most 200 characters");
            }
            if (r.assignee().team() != null && r.assignee().team().length() > 100) {
                throw ApiException.badRequest("assignee.team must be at most 100 characters");
            }
            if (r.assignee().username() != null && (r.assignee().username().isBlank()
                    || r.assignee().username().length() > 200)) {
                throw ApiException.badRequest("assignee.username must be 1..200 characters");
            }
            assignee = new CaseLifecycle.AssigneeOverride(agentId, r.assignee().name(), r.assignee().team(),
                    r.assignee().username() == null ? null : r.assignee().username().strip());
        }
        return new CaseLifecycle.Patch(status, r.priority(), tags, assignee, Boolean.TRUE.equals(r.closePubliclyOverride()));
    }

    private static Integer priority(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip()) {
            case "1" -> 1;
            case "2" -> 2;
            case "3" -> 3;
            case "4" -> 4;
            default -> throw ApiException.badRequest(name + " must be 1, 2, 3 or 4, got '" + RequestValues.clip(value) + "'");
        };
    }

    private static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false, got '" + RequestValues.clip(value) + "'");
        };
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-01T08:00:00Z, got '"
                    + RequestValues.clip(value) + "'");
        }
    }

    private static boolean oldestFirst(String sort) {
        if (sort == null || sort.isBlank() || sort.strip().equals("-openedAt")) {
            return false;
        }
        if (sort.strip().equals("openedAt")) {
            return true;
        }
        throw ApiException.badRequest("sort must be -openedAt (newest first) or openedAt (oldest first)");
    }


    private static CaseStatus status(String value) {
        if (value == null) {
            return null;
        }
        try {
            return CaseStatus.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status '" + RequestValues.clip(value) + "' is not one of "
                    + Arrays.stream(CaseStatus.values()).map(CaseStatus::wireName).collect(Collectors.joining(", ")));
        }
    }
}
