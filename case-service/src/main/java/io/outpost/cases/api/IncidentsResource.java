package io.outpost.cases.api;

import io.outpost.cases.config.CasesConfig;
import io.outpost.cases.domain.IncidentStatus;
import io.outpost.cases.store.IncidentStore;
import io.outpost.cases.store.ReplyStore;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.PageCursor;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.outpost.kit.messaging.TransientFailures;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Incidents (crisis): agents read them, supervisors and admins act on them. Integrations have no
 * access: going proactive is a person's decision.
 */
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentsResource {

    private final IncidentStore incidents;
    private final ReplyStore replies;
    private final CasesConfig config;
    private final SecurityIdentity caller;

    public IncidentsResource(IncidentStore incidents, ReplyStore replies, CasesConfig config, SecurityIdentity caller) {
        this.incidents = incidents;
        this.replies = replies;
        this.config = config;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "List incidents", description = "Roles: agent, supervisor, admin. Newest first, cursor "
            + "pagination; status filters (suggested, open, dismissed, closed).")
    @APIResponse(responseCode = "200", description = "One page of incidents")
    @APIResponse(responseCode = "400", description = "A bad status, cursor or limit (problem details)")
    public Uni<IncidentView.Page> list(@QueryParam("status") String status, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        IncidentStatus wanted = status == null || status.isBlank() ? null : status(status);
        PageCursor after = PageCursor.decode(cursor);
        int pageSize = PageCursor.limit(limit, config.page().defaultLimit(), config.page().maxLimit());
        return incidents.list(wanted, after, pageSize).map(page -> new IncidentView.Page(
                page.items().stream().map(i -> IncidentView.detail(i, null)).toList(),
                page.next() == null ? null : page.next().encode()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Get an incident", description = "Roles: agent, supervisor, admin. With its attached cases.")
    @APIResponse(responseCode = "200", description = "The incident")
    @APIResponse(responseCode = "404", description = "No such incident (problem details)")
    public Uni<IncidentView.Detail> get(@PathParam("id") String id) {
        UUID incidentId = RequestValues.uuid("id", id);
        return incidents.get(incidentId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no incident " + incidentId))
                .map(found -> IncidentView.detail(found.incident(), found.caseIds()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Open an incident by hand", description = "Roles: supervisor, admin. Open at once.")
    @APIResponse(responseCode = "201", description = "The incident")
    @APIResponse(responseCode = "400", description = "A missing or too long title, subject or region (problem details)")
    public Uni<Response> create(IncidentView.CreateRequest request) {
        if (request == null || request.title() == null || request.title().isBlank() || request.title().strip().length() > 200) {
            throw ApiException.badRequest("title must be 1..200 characters");
        }
        String subject = optional("subject", request.subject());
        String region = optional("region", request.region());
        return incidents.create(request.title().strip(), subject, region, Callers.username(caller))
                .map(i -> Response.status(201).entity(IncidentView.detail(i, List.of())).build());
    }

    @POST
    @Path("/{id}/confirm")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Confirm a suggested incident", description = "Roles: supervisor, admin. suggested -> open.")
    @APIResponse(responseCode = "200", description = "The incident, open")
    @APIResponse(responseCode = "404", description = "No such incident (problem details)")
    @APIResponse(responseCode = "409", description = "Not a suggestion (problem details)")
    public Uni<IncidentView.Detail> confirm(@PathParam("id") String id) {
        return decide(id, IncidentStatus.OPEN);
    }

    @POST
    @Path("/{id}/dismiss")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Dismiss a suggested incident", description = "Roles: supervisor, admin. suggested -> dismissed.")
    @APIResponse(responseCode = "200", description = "The incident, dismissed")
    @APIResponse(responseCode = "404", description = "No such incident (problem details)")
    @APIResponse(responseCode = "409", description = "Not a suggestion (problem details)")
    public Uni<IncidentView.Detail> dismiss(@PathParam("id") String id) {
        return decide(id, IncidentStatus.DISMISSED);
    }

    @POST
    @Path("/{id}/cases")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Attach a case", description = "Roles: supervisor, admin. A case is in at most one open "
            + "incident; attaching it again to the same one is no change.")
    @APIResponse(responseCode = "200", description = "The incident with its cases")
    @APIResponse(responseCode = "404", description = "No such incident or case (problem details)")
    @APIResponse(responseCode = "409", description = "The incident is not open, or the case is in another open incident")
    public Uni<IncidentView.Detail> attach(@PathParam("id") String id, IncidentView.AttachRequest request) {
        UUID incidentId = RequestValues.uuid("id", id);
        UUID caseId = RequestValues.uuid("caseId", request == null ? null : request.caseId());
        return retryOnConcurrentChange(() -> incidents.attach(incidentId, caseId, Callers.username(caller)))
                .chain(() -> get(id));
    }

    @DELETE
    @Path("/{id}/cases/{caseId}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Detach a case", description = "Roles: supervisor, admin.")
    @APIResponse(responseCode = "204", description = "Detached")
    @APIResponse(responseCode = "404", description = "No such incident, or the case is not attached to it")
    @APIResponse(responseCode = "409", description = "The incident is not open (problem details)")
    public Uni<Response> detach(@PathParam("id") String id, @PathParam("caseId") String caseId) {
        UUID incidentId = RequestValues.uuid("id", id);
        UUID kase = RequestValues.uuid("caseId", caseId);
        return incidents.detach(incidentId, kase, Callers.username(caller)).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/proactive-post")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Publish the incident's proactive post", description = "Roles: supervisor, admin. One "
            + "brand post to everyone (outbound.requested kind public-post) on the chosen channel and account, "
            + "at most once per incident.")
    @APIResponse(responseCode = "201", description = "The incident with its proactive post")
    @APIResponse(responseCode = "400", description = "Missing text or channel (problem details)")
    @APIResponse(responseCode = "409", description = "Already posted, or the incident is not open (problem details)")
    @APIResponse(responseCode = "422", description = "Only a link, or too long for x (problem details)")
    public Uni<Response> proactivePost(@PathParam("id") String id, IncidentView.PostRequest request) {
        UUID incidentId = RequestValues.uuid("id", id);
        String text = text(request == null ? null : request.text());
        Channel channel = RequestValues.optionalChannel("channel", request.channel());
        if (channel == null) {
            throw ApiException.badRequest("channel is required");
        }
        IncidentStore.BrandPost post = new IncidentStore.BrandPost(channel, account(request.accountId()), text);
        return retryOnConcurrentChange(() -> incidents.proactivePost(incidentId, post, Callers.username(caller)))
                .map(i -> Response.status(201).entity(IncidentView.detail(i, null)).build());
    }

    @POST
    @Path("/{id}/bulk-reply")
    @Consumes(MediaType.APPLICATION_JSON)
    // Supervisors only: admins may not reply to customers (as on POST /cases/{id}/replies).
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(summary = "Reply to every attached case", description = "Roles: supervisor (admins do not reply to "
            + "customers, as for single replies). One reply per "
            + "attached case, each through the reply path with its checks (signed with the "
            + "caller's signature); a case that refuses the reply is reported in the results, the others are sent.")
    @APIResponse(responseCode = "200", description = "One result per case")
    @APIResponse(responseCode = "400", description = "Empty text or bad visibility (problem details)")
    @APIResponse(responseCode = "409", description = "The incident is not open (problem details)")
    public Uni<IncidentView.BulkReplyOutcome> bulkReply(@PathParam("id") String id, IncidentView.BulkReplyRequest request) {
        UUID incidentId = RequestValues.uuid("id", id);
        String text = text(request == null ? null : request.text());
        Visibility visibility;
        try {
            visibility = Visibility.fromWire(request.visibility() == null ? "" : request.visibility());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("visibility must be public or private");
        }
        ReplyStore.Author author = new ReplyStore.Author(Callers.username(caller), true, Callers.defaultSignature(caller));
        return incidents.get(incidentId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no incident " + incidentId))
                .chain(found -> {
                    if (!found.incident().incidentStatus().acceptsWork()) {
                        return Uni.createFrom().failure(ApiException.conflict("incident " + incidentId + " is "
                                + found.incident().status + ": only an open incident can be answered in bulk"));
                    }
                    List<IncidentView.BulkReplyResult> results = new ArrayList<>();
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    // One case after the other, each in its own transaction: a refusal is that case's result.
                    // In the bulk lane: ingest sends them with what the account's conversations leave of
                    // its rate limit, so a thousand of them never queue an ordinary reply behind them.
                    for (UUID caseId : found.caseIds()) {
                        chain = chain.chain(() -> replies.reply(caseId, author, text, visibility, OutboundRequested.Lane.BULK)
                                .map(r -> new IncidentView.BulkReplyResult(caseId, 201, r.id, null))
                                .onFailure(ApiException.class).recoverWithItem(e -> new IncidentView.BulkReplyResult(
                                        caseId, ((ApiException) e).status(), null, e.getMessage()))
                                .invoke(results::add).replaceWithVoid());
                    }
                    return chain.map(ignored -> new IncidentView.BulkReplyOutcome(
                            (int) results.stream().filter(r -> r.status() == 201).count(),
                            (int) results.stream().filter(r -> r.status() != 201).count(), results));
                });
    }

    @POST
    @Path("/{id}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Close the incident proactively", description = "Roles: supervisor, admin. In one "
            + "transaction: the closing post (public-post; channel and account default to the proactive post's) "
            + "and the resolution of every attached case not yet resolved or closed (case.resolved names the "
            + "incident).")
    @APIResponse(responseCode = "200", description = "The incident, closed, with its cases")
    @APIResponse(responseCode = "400", description = "Missing text, or channel without a proactive post (problem details)")
    @APIResponse(responseCode = "409", description = "The incident is not open (problem details)")
    @APIResponse(responseCode = "422", description = "Only a link, or too long for x (problem details)")
    public Uni<IncidentView.Detail> close(@PathParam("id") String id, IncidentView.PostRequest request) {
        UUID incidentId = RequestValues.uuid("id", id);
        String text = text(request == null ? null : request.text());
        Channel channel = RequestValues.optionalChannel("channel", request.channel());
        String account = account(request.accountId());
        return retryOnConcurrentChange(() -> incidents.close(incidentId, text, channel, account, Callers.username(caller)))
                .chain(() -> get(id));
    }

    private Uni<IncidentView.Detail> decide(String id, IncidentStatus to) {
        UUID incidentId = RequestValues.uuid("id", id);
        return retryOnConcurrentChange(() -> incidents.decide(incidentId, to, Callers.username(caller)))
                .chain(() -> get(id));
    }

    /**
     * A concurrent change of the incident or a case (versioned rows): run again after a short pause, then 409. The
     * pause matters: a case just opened is still being touched (the SLA scheduler's claims bump its version), and
     * three immediate retries all met the same change (a clean-clone build's CaseAccountFlowTest got the 409).
     */
    private static <T> Uni<T> retryOnConcurrentChange(java.util.function.Supplier<Uni<T>> action) {
        return Uni.createFrom().<T>deferred(action::get)
                .onFailure(TransientFailures::isConcurrentChange).retry()
                .withBackOff(java.time.Duration.ofMillis(20), java.time.Duration.ofMillis(300)).atMost(5)
                .onFailure(TransientFailures::isConcurrentChange).transform(e -> ApiException.conflict(
                        "the incident or one of its cases changed meanwhile; try again"));
    }


    private static String text(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("text must not be empty");
        }
        String stripped = text.strip();
        if (stripped.codePointCount(0, stripped.length()) > 5000) {
            throw ApiException.badRequest("text must be at most 5000 characters");
        }
        return stripped;
    }

    private static String account(String accountId) {
        if (accountId == null || accountId.isBlank()) {
            return null;
        }
        if (accountId.strip().length() > 200) {
            throw ApiException.badRequest("accountId must be at most 200 characters");
        }
        return accountId.strip();
    }

    private static String optional(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.strip().length() > 100) {
            throw ApiException.badRequest(name + " must be at most 100 characters");
        }
        return value.strip();
    }

    private static IncidentStatus status(String value) {
        try {
            return IncidentStatus.fromWire(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status must be suggested, open, dismissed or closed, got '"
                    + RequestValues.clip(value) + "'");
        }
    }
}
