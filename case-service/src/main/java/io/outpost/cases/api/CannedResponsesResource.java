package io.outpost.cases.api;

import io.outpost.cases.config.CasesConfig;
import io.outpost.cases.domain.CannedText;
import io.outpost.cases.domain.ReplyRules;
import io.outpost.cases.store.CannedResponseStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.PageCursor;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.outpost.contracts.Channel;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Canned responses: saved replies per care team, kept by supervisors and admins, found by agents. Filling one in
 * for a case is {@code GET /api/v1/cases/{id}/canned-responses/{cannedId}/rendered} ({@link CasesResource}).
 *
 * <p>The token carries no team and case-service knows an agent's team only from the cases assigned to them, so
 * the list takes the team as a filter ({@code team}: that team's and the global ones); the console passes the
 * agent's team.
 */
@Path("/api/v1/canned-responses")
@Produces(MediaType.APPLICATION_JSON)
public class CannedResponsesResource {

    static final int TITLE_MAX = 200;
    static final int TEAM_MAX = 100;
    static final int TAGS_MAX = 20;
    static final int TAG_MAX = 50;
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");

    private final CannedResponseStore store;
    private final CasesConfig config;
    private final SecurityIdentity caller;

    public CannedResponsesResource(CannedResponseStore store, CasesConfig config, SecurityIdentity caller) {
        this.store = store;
        this.config = config;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "List canned responses", description = "Roles: agent, supervisor, admin. Newest first, "
            + "cursor pagination. team: that team's responses and the global ones; channel: those for that channel "
            + "and those for any; language: exactly that language; text: a case-insensitive substring of the title "
            + "or the text.")
    @APIResponse(responseCode = "200", description = "One page of canned responses")
    @APIResponse(responseCode = "400", description = "A bad filter, cursor or limit (problem details)")
    public Uni<CannedResponseView.Page> list(
            @Parameter(description = "A care team") @QueryParam("team") String team,
            @Parameter(description = "x, facebook, instagram, messenger, forum, email or chat") @QueryParam("channel") String channel,
            @Parameter(description = "ISO 639-1 code") @QueryParam("language") String language,
            @Parameter(description = "Text in the title or the text (case-insensitive), at most 200 characters") @QueryParam("text") String text,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Responses per page, 1..200, default 50") @QueryParam("limit") String limit) {
        String search = text == null || text.isBlank() ? null : text.strip();
        if (search != null && search.length() > 200) {
            throw ApiException.badRequest("text must be at most 200 characters");
        }
        Channel wanted = RequestValues.optionalChannel("channel", channel);
        CannedResponseStore.Filter filter = new CannedResponseStore.Filter(team(team),
                wanted == null ? null : wanted.wireName(), language(language), search);
        PageCursor after = PageCursor.decode(cursor);
        int pageSize = PageCursor.limit(limit, config.page().defaultLimit(), config.page().maxLimit());
        return store.list(filter, after, pageSize).map(page -> new CannedResponseView.Page(
                page.items().stream().map(CannedResponseView::of).toList(),
                page.next() == null ? null : page.next().encode()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Get a canned response", description = "Roles: agent, supervisor, admin.")
    @APIResponse(responseCode = "200", description = "The canned response")
    @APIResponse(responseCode = "400", description = "The id is not a UUID (problem details)")
    @APIResponse(responseCode = "404", description = "No such canned response (problem details)")
    public Uni<CannedResponseView.Response> get(@PathParam("id") String id) {
        UUID cannedId = RequestValues.uuid("id", id);
        return store.get(cannedId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no canned response " + cannedId))
                .map(CannedResponseView::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Save a canned response", description = "Roles: supervisor, admin. The text's "
            + "placeholders are checked: an unknown one or unbalanced braces is a 400 naming it.")
    @APIResponse(responseCode = "201", description = "The canned response, version 0")
    @APIResponse(responseCode = "400", description = "A missing or bad field, an unknown placeholder or unbalanced "
            + "braces (problem details)")
    public Uni<Response> create(CannedResponseView.Request request) {
        CannedResponseStore.Fields fields = fields(request);
        if (request.version() != null) {
            throw ApiException.badRequest("version is for updates: leave it out when creating");
        }
        return store.create(fields, Callers.username(caller))
                .map(r -> Response.status(201).entity(CannedResponseView.of(r)).build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Change a canned response", description = "Roles: supervisor, admin. Replaces every "
            + "field; the body carries the version it read.")
    @APIResponse(responseCode = "200", description = "The canned response, its version one higher")
    @APIResponse(responseCode = "400", description = "A missing or bad field or version, an unknown placeholder or "
            + "unbalanced braces (problem details)")
    @APIResponse(responseCode = "404", description = "No such canned response (problem details)")
    @APIResponse(responseCode = "409", description = "Changed since that version was read (problem details)")
    public Uni<CannedResponseView.Response> update(@PathParam("id") String id, CannedResponseView.Request request) {
        UUID cannedId = RequestValues.uuid("id", id);
        CannedResponseStore.Fields fields = fields(request);
        if (request.version() == null || request.version() < 0) {
            throw ApiException.badRequest("version must be the version read (0 or more)");
        }
        return store.update(cannedId, request.version(), fields, Callers.username(caller)).map(CannedResponseView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Operation(summary = "Delete a canned response", description = "Roles: supervisor, admin.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "400", description = "The id is not a UUID (problem details)")
    @APIResponse(responseCode = "404", description = "No such canned response (problem details)")
    public Uni<Response> delete(@PathParam("id") String id) {
        UUID cannedId = RequestValues.uuid("id", id);
        return store.delete(cannedId).map(nothing -> Response.noContent().build());
    }

    /** The fields of a request, each checked: 400 naming the first bad one. */
    static CannedResponseStore.Fields fields(CannedResponseView.Request r) {
        if (r == null) {
            throw ApiException.badRequest("body must be a canned response: title and text");
        }
        if (r.title() == null || r.title().isBlank() || ReplyRules.length(r.title().strip()) > TITLE_MAX) {
            throw ApiException.badRequest("title must be 1.." + TITLE_MAX + " characters");
        }
        if (r.text() == null || r.text().isBlank()) {
            throw ApiException.badRequest("text must not be empty");
        }
        String text = r.text().strip();
        // The longest text a reply may have: a rendered response goes out as a reply.
        if (ReplyRules.length(text) > ReplyRules.TEXT_MAX) {
            throw ApiException.badRequest("text must be at most " + ReplyRules.TEXT_MAX + " characters");
        }
        CannedText.refusal(text).ifPresent(reason -> {
            throw ApiException.badRequest("text: " + reason);
        });
        Channel channel = RequestValues.optionalChannel("channel", r.channel());
        List<String> tags = r.tags() == null ? List.of() : r.tags();
        if (tags.size() > TAGS_MAX) {
            throw ApiException.badRequest("at most " + TAGS_MAX + " tags");
        }
        for (String tag : tags) {
            if (tag == null || tag.isBlank() || tag.strip().length() > TAG_MAX) {
                throw ApiException.badRequest("a tag must be 1.." + TAG_MAX + " characters");
            }
        }
        return new CannedResponseStore.Fields(team(r.team()), r.title().strip(), text,
                channel == null ? null : channel.wireName(), language(r.language()),
                tags.stream().map(String::strip).distinct().toList());
    }

    /** Null (absent: global or no filter) or 1..100 characters. */
    private static String team(String team) {
        if (team == null) {
            return null;
        }
        if (team.isBlank() || team.strip().length() > TEAM_MAX) {
            throw ApiException.badRequest("team must be 1.." + TEAM_MAX + " characters, or absent");
        }
        return team.strip();
    }

    private static String language(String language) {
        if (language == null) {
            return null;
        }
        String code = language.strip().toLowerCase(Locale.ROOT);
        if (!LANGUAGE.matcher(code).matches()) {
            throw ApiException.badRequest("language must be an ISO 639-1 code such as en, got '"
                    + RequestValues.clip(language) + "'");
        }
        return code;
    }
}
