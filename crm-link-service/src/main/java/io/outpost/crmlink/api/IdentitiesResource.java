package io.outpost.crmlink.api;

import io.outpost.contracts.Channel;
import io.outpost.crmlink.config.IdentityListConfig;
import io.outpost.crmlink.domain.Handles;
import io.outpost.crmlink.domain.IdentityProfile;
import io.outpost.crmlink.domain.MatchAudit;
import io.outpost.crmlink.domain.NormalizedPerson;
import io.outpost.crmlink.domain.PersonAttributes;
import io.outpost.crmlink.domain.ProfileLocation;
import io.outpost.crmlink.domain.RevealedAttributes;
import io.outpost.crmlink.domain.SocialIdentity;
import io.outpost.crmlink.store.AuditLog;
import io.outpost.crmlink.store.CustomerStore;
import io.outpost.crmlink.store.IdentityLookupStore;
import io.outpost.crmlink.store.IdentityStore;
import io.outpost.crmlink.store.RevealedAttributeStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.PageCursor;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Social identities learned from posts. Admin only: identities and their matching are admin data,
 * agents see a customer only through a confirmed, consented link (DESIGN.md). The one exception is
 * {@code /lookup}: an agent finds the identity of the customer in front of them, to ask for consent,
 * and sees only its id and where consent stands.
 */
@Path("/api/v1/identities")
@Produces(MediaType.APPLICATION_JSON)
public class IdentitiesResource {

    static final int MAX_HANDLE_PREFIX = 256;

    static final int MAX_PLATFORM_USER_ID = 200;

    private final IdentityStore identities;
    private final IdentityLookupStore lookups;
    private final IdentityListConfig config;
    private final RevealedAttributeStore revealed;
    private final CustomerStore customers;
    private final AuditLog audit;
    private final SecurityIdentity caller;

    public IdentitiesResource(IdentityStore identities, IdentityListConfig config, RevealedAttributeStore revealed,
            CustomerStore customers, AuditLog audit, SecurityIdentity caller, IdentityLookupStore lookups) {
        this.identities = identities;
        this.lookups = lookups;
        this.config = config;
        this.revealed = revealed;
        this.customers = customers;
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "List social identities", description = "Role: admin. Newest-learned first, keyset pagination.")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Bad channel, handle, limit or cursor (problem details)")
    public Uni<IdentityPage> list(
            @Parameter(description = "x, facebook, instagram, messenger, forum, email or chat") @QueryParam("channel") String channel,
            @Parameter(description = "Handle prefix, case-insensitive; a leading @ is ignored") @QueryParam("handle") String handle,
            @Parameter(description = "Page size, 1 to the configured maximum (200 by default); default 50") @QueryParam("limit") String limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        Channel ch = RequestValues.optionalChannel("channel", channel);
        String prefix = parseHandlePrefix(handle);
        int size = PageCursor.limit(limit, config.defaultLimit(), config.maxLimit());
        PageCursor after = PageCursor.decode(cursor);
        IdentityStore.Query query = new IdentityStore.Query(ch, prefix,
                after == null ? null : new IdentityStore.After(after.at(), after.id()), size + 1);
        return identities.page(query).map(rows -> {
            List<SocialIdentity> page = rows.size() > size ? rows.subList(0, size) : rows;
            SocialIdentity last = page.isEmpty() ? null : page.get(page.size() - 1);
            String next = rows.size() > size ? new PageCursor(last.learnedAt, last.id).encode() : null;
            return new IdentityPage(page.stream().map(i -> IdentityView.of(i, null)).toList(), next);
        });
    }

    /*
     * Agents, because the consent request (POST /api/v1/consent-requests, admin and agent) needs the
     * identity id and the agent has the customer's channel and platform user id from the case. Not
     * supervisors: they cannot send a consent request, and nothing else they do needs the id.
     */
    @GET
    @Path("/lookup")
    @RolesAllowed({ Roles.ADMIN, Roles.AGENT })
    @Operation(summary = "Find one identity by channel and platform user id, as an agent may see it", description = "Roles: "
            + "admin, agent. For asking the customer of a case for consent: the identity id, whether a confirmed link under "
            + "an identity-link consent in force exists (not to whom), each purpose's consent state (none, granted, denied, "
            + "revoked, expired) and the newest consent request still waiting for an answer. Never the customer, match "
            + "candidates, profile or what the person revealed.")
    @APIResponse(responseCode = "200", description = "The identity's consent standing")
    @APIResponse(responseCode = "400", description = "Missing or bad channel or platformUserId (problem details)")
    @APIResponse(responseCode = "404", description = "No identity for that channel and platform user id (problem details)")
    public Uni<IdentityLookupView> lookup(
            @Parameter(description = "x, facebook, instagram, messenger, forum, email or chat", required = true)
            @QueryParam("channel") String channel,
            @Parameter(description = "The platform's id of the person (a case's customer.platformUserId), at most "
                    + MAX_PLATFORM_USER_ID + " characters", required = true)
            @QueryParam("platformUserId") String platformUserId) {
        Channel ch = RequestValues.optionalChannel("channel", channel);
        if (ch == null) {
            throw ApiException.badRequest("channel is required: x, facebook, instagram, messenger, forum, email or chat");
        }
        if (platformUserId == null || platformUserId.isBlank()) {
            throw ApiException.badRequest("platformUserId is required");
        }
        if (platformUserId.length() > MAX_PLATFORM_USER_ID) {
            throw ApiException.badRequest("platformUserId must be at most " + MAX_PLATFORM_USER_ID + " characters");
        }
        if (platformUserId.indexOf('\u0000') >= 0) {
            // PostgreSQL text cannot hold NUL: the query would fail with a 500 instead of finding nothing.
            throw ApiException.badRequest("platformUserId must not contain a NUL character");
        }
        return lookups.find(ch, platformUserId).map(IdentityLookupView::of);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "One social identity with its handle history", description = "Role: admin.")
    @APIResponse(responseCode = "200", description = "The identity")
    @APIResponse(responseCode = "400", description = "The id is not a UUID (problem details)")
    @APIResponse(responseCode = "404", description = "No such identity (problem details)")
    public Uni<IdentityView> get(@PathParam("id") String id) {
        UUID uuid = RequestValues.uuid("id", id);
        return identities.findById(uuid)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no identity " + uuid))
                .chain(identity -> identities.history(identity.id).map(history -> IdentityView.of(identity, history)));
    }

    @GET
    @Path("/{id}/match-candidates")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Match candidates for a stored social identity", description = "Role: admin. What the "
            + "identity tells about its person (the names in its display name, the locality and region in its profile's "
            + "location, the emails, phones and account numbers it revealed in private messages, each with the message as "
            + "evidence) matched like POST /api/v1/match-candidates: the customers at or above the suggestion threshold, "
            + "best first, with the evidence per attribute. Each evaluation is written to the audit log (match.evaluated, "
            + "subject: the identity; evaluationId is the entry's id).")
    @APIResponse(responseCode = "200", description = "What is known and the candidates, possibly none")
    @APIResponse(responseCode = "400", description = "The id is not a UUID, or a bad limit (problem details)")
    @APIResponse(responseCode = "404", description = "No such identity (problem details)")
    public Uni<IdentityMatchView> matchCandidates(@PathParam("id") String id,
            @Parameter(description = "At most this many candidates, 1-" + MatchCandidatesResource.MAX_LIMIT + ", default "
                    + MatchCandidatesResource.DEFAULT_LIMIT) @QueryParam("limit") String limit,
            @Parameter(description = "Why the match is run, for the audit log (at most 1000 characters)")
            @QueryParam("reason") String reason) {
        UUID uuid = RequestValues.uuid("id", id);
        int size = MatchCandidatesResource.limit(limit);
        String why = ConsentsResource.text("reason", reason, ConsentsResource.MAX_TEXT);
        String actor = caller.getPrincipal().getName();
        return identities.findById(uuid)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no identity " + uuid))
                .chain(identity -> revealed.of(identity.id).chain(values -> {
                    ProfileLocation location = ProfileLocation.parse(identity.profileLocation);
                    PersonAttributes person = IdentityProfile.attributes(identity.displayName, location, values.stream()
                            .map(v -> new RevealedAttributes.Revealed(v.kind(), v.value())).toList());
                    UUID evaluationId = UUID.randomUUID();
                    return MatchCandidatesResource.evaluate(customers, NormalizedPerson.of(person), size)
                            .chain(outcome -> {
                                IdentityMatchView view = IdentityMatchView.of(evaluationId, identity, person, location, values,
                                        outcome.suggestions());
                                List<String> sources = view.sources().stream().map(IdentityMatchView.Source::source)
                                        .distinct().toList();
                                return audit.appendAlone(evaluationId, MatchCandidatesResource.now(), actor,
                                        MatchAudit.EVALUATED, identity.id.toString(), why, MatchAudit.evaluation(identity.id,
                                                person.presentAttributes(), sources, size, outcome))
                                        .replaceWith(view);
                            });
                }));
    }

    private static String parseHandlePrefix(String handle) {
        if (handle == null) {
            return null;
        }
        if (handle.length() > MAX_HANDLE_PREFIX) {
            throw ApiException.badRequest("handle must be at most " + MAX_HANDLE_PREFIX + " characters");
        }
        String prefix = Handles.normalize(handle);
        if (prefix == null) {
            throw ApiException.badRequest("handle must not be blank");
        }
        return prefix;
    }
}
