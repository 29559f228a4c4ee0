package io.outpost.cases.api;

import io.outpost.cases.config.CasesConfig;
import io.outpost.cases.domain.CaseStatus;
import io.outpost.cases.store.CaseStore;
import io.outpost.cases.store.ReplyStore;
import io.outpost.contracts.Visibility;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.PageCursor;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
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
    private final SecurityIdentity caller;

    public CasesResource(CaseStore cases, CasesConfig config, ReplyStore replies, SecurityIdentity caller) {
        this.cases = cases;
        this.config = config;
        this.replies = replies;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.INTEGRATION })
    @Operation(summary = "List cases", description = "Roles: agent, supervisor, admin, integration. Newest first "
            + "(platform time of the first post), cursor pagination.")
    @APIResponse(responseCode = "200", description = "One page of cases")
    @APIResponse(responseCode = "400", description = "A bad filter, cursor or limit (problem details)")
    public Uni<CaseView.Page> list(
            @Parameter(description = "new, open, pending, on-hold, resolved or closed") @QueryParam("status") String status,
            @Parameter(description = "x, facebook, instagram, messenger, forum, email or chat") @QueryParam("channel") String channel,
            @Parameter(description = "The assigned agent's id") @QueryParam("assigneeId") String assigneeId,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Cases per page, 1..200, default 50") @QueryParam("limit") String limit) {
        CaseStore.Filter filter = new CaseStore.Filter(status(status), RequestValues.optionalChannel("channel", channel),
                RequestValues.optionalUuid("assigneeId", assigneeId));
        PageCursor after = PageCursor.decode(cursor);
        int pageSize = PageCursor.limit(limit, config.page().defaultLimit(), config.page().maxLimit());
        return cases.list(filter, after, pageSize).map(page -> new CaseView.Page(
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
    @APIResponse(responseCode = "404", description = "No such case (problem details)")
    public Uni<CaseView.Detail> get(@PathParam("id") String id) {
        UUID caseId = RequestValues.uuid("id", id);
        return cases.get(caseId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no case " + caseId))
                .map(found -> CaseView.detail(found.kase(), found.posts()));
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
    @APIResponse(responseCode = "400", description = "Empty text, bad visibility or id (problem details)")
    @APIResponse(responseCode = "404", description = "No such case (problem details)")
    @APIResponse(responseCode = "409", description = "The case is closed (problem details)")
    @APIResponse(responseCode = "422", description = "A link only, too long for x, no private path (problem details)")
    public Uni<Response> reply(@PathParam("id") String id, ReplyView.Request request) {
        UUID caseId = RequestValues.uuid("id", id);
        if (request == null || request.text() == null || request.text().isBlank()) {
            throw ApiException.badRequest("text must not be empty");
        }
        if (request.visibility() == null) {
            throw ApiException.badRequest("visibility must be public or private");
        }
        Visibility visibility;
        try {
            visibility = Visibility.fromWire(request.visibility());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("visibility must be public or private");
        }
        boolean signs = caller.hasRole(Roles.AGENT) || caller.hasRole(Roles.SUPERVISOR);
        ReplyStore.Author author = new ReplyStore.Author(Callers.username(caller), signs, Callers.defaultSignature(caller));
        // The case row is versioned: a post or an assignment committed meanwhile makes the
        // transaction fail as a whole; run it again, and after a few tries answer 409.
        return Uni.createFrom().deferred(() -> replies.reply(caseId, author, request.text(), visibility))
                .onFailure(CasesResource::concurrentChange).retry().atMost(3)
                .onFailure(CasesResource::concurrentChange).transform(e -> ApiException.conflict(
                        "case " + caseId + " changed while replying; try again"))
                .map(r -> Response.status(201).entity(ReplyView.reply(r)).build());
    }

    @GET
    @Path("/{id}/timeline")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN, Roles.INTEGRATION })
    @Operation(summary = "A case's timeline", description = "Roles: agent, supervisor, admin, integration. Posts "
            + "(platform time), replies with their delivery status (request time) and the current assignment, "
            + "in time order.")
    @APIResponse(responseCode = "200", description = "The timeline")
    @APIResponse(responseCode = "400", description = "The id is not a UUID (problem details)")
    @APIResponse(responseCode = "404", description = "No such case (problem details)")
    public Uni<TimelineView.Timeline> timeline(@PathParam("id") String id) {
        UUID caseId = RequestValues.uuid("id", id);
        return replies.timeline(caseId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no case " + caseId))
                .map(TimelineView::of);
    }

    private static boolean concurrentChange(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (name.endsWith("OptimisticLockException") || name.endsWith("StaleObjectStateException")) {
                return true;
            }
        }
        return false;
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
