package io.outpost.ingest.api;

import io.outpost.contracts.Channel;
import io.outpost.ingest.config.ChannelAccountConfig;
import io.outpost.ingest.domain.ChannelAccount;
import io.outpost.ingest.store.ChannelAccountStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.PageCursor;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The brand's own accounts on the channels. Posts they write are ingested as ours
 * ({@code fromOwnAccount}), not as customer posts. Admin only: this is configuration.
 */
@Path("/api/v1/channel-accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ChannelAccountsResource {

    private final ChannelAccountStore accounts;
    private final ChannelAccountConfig config;

    public ChannelAccountsResource(ChannelAccountStore accounts, ChannelAccountConfig config) {
        this.accounts = accounts;
        this.config = config;
    }

    @GET
    @Operation(summary = "List channel accounts", description = "Role: admin. Oldest first, keyset pagination.")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Bad channel, limit or cursor (problem details)")
    public Uni<ChannelAccountPage> list(
            @Parameter(description = "x, facebook, instagram, messenger, forum, email or chat") @QueryParam("channel") String channel,
            @Parameter(description = "Page size, 1 to the configured maximum (200 by default); default 50") @QueryParam("limit") String limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        Channel ch = RequestValues.optionalChannel("channel", channel);
        int size = PageCursor.limit(limit, config.defaultLimit(), config.maxLimit());
        PageCursor after = PageCursor.decode(cursor);
        return accounts.page(ch, after == null ? null : new ChannelAccountStore.After(after.at(), after.id()), size + 1)
                .map(rows -> {
                    List<ChannelAccount> page = rows.size() > size ? rows.subList(0, size) : rows;
                    ChannelAccount last = page.isEmpty() ? null : page.get(page.size() - 1);
                    String next = rows.size() > size ? new PageCursor(last.createdAt, last.id).encode() : null;
                    return new ChannelAccountPage(page.stream().map(ChannelAccountView::of).toList(), next);
                });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One channel account", description = "Role: admin.")
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "404", description = "No such account (problem details)")
    public Uni<ChannelAccountView> get(@PathParam("id") String id) {
        UUID uuid = RequestValues.uuid("id", id);
        return accounts.findById(uuid)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no channel account " + uuid))
                .map(ChannelAccountView::of);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a channel account", description = "Role: admin.")
    @APIResponse(responseCode = "201", description = "Registered")
    @APIResponse(responseCode = "400", description = "Invalid account (problem details)")
    @APIResponse(responseCode = "409", description = "This channel's platformAccountId is registered already")
    public Uni<Response> create(@Valid @NotNull ChannelAccountRequest request, UriInfo uri) {
        return accounts.create(request.fields()).map(account -> Response
                .created(uri.getAbsolutePathBuilder().path(account.id.toString()).build())
                .entity(ChannelAccountView.of(account))
                .build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a channel account", description = "Role: admin.")
    @APIResponse(responseCode = "200", description = "Replaced")
    @APIResponse(responseCode = "404", description = "No such account (problem details)")
    @APIResponse(responseCode = "409", description = "Another account has this channel and platformAccountId")
    public Uni<ChannelAccountView> update(@PathParam("id") String id, @Valid @NotNull ChannelAccountRequest request) {
        UUID uuid = RequestValues.uuid("id", id);
        return accounts.update(uuid, request.fields())
                .onItem().ifNull().failWith(() -> ApiException.notFound("no channel account " + uuid))
                .map(ChannelAccountView::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a channel account", description = "Role: admin. Posts already ingested keep their fromOwnAccount.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such account (problem details)")
    public Uni<Response> delete(@PathParam("id") String id) {
        UUID uuid = RequestValues.uuid("id", id);
        return accounts.delete(uuid).map(deleted -> {
            if (!deleted) {
                throw ApiException.notFound("no channel account " + uuid);
            }
            return Response.noContent().build();
        });
    }
}
