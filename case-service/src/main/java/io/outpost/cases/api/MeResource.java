package io.outpost.cases.api;

import io.outpost.cases.domain.ReplyRules;
import io.outpost.cases.store.ReplyStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The caller's own settings: the reply signature. */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final ReplyStore replies;
    private final SecurityIdentity caller;

    public MeResource(ReplyStore replies, SecurityIdentity caller) {
        this.replies = replies;
        this.caller = caller;
    }

    @GET
    @Path("/signature")
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR })
    @Operation(summary = "The caller's signature", description = "Roles: agent, supervisor.")
    @APIResponse(responseCode = "200", description = "The signature (the default one while none is set)")
    public Uni<ReplyView.Signature> signature() {
        String username = username();
        return replies.signature(username).map(row -> row == null
                ? new ReplyView.Signature(username, defaultSignature(), false)
                : new ReplyView.Signature(username, row.signature, true));
    }

    @PUT
    @Path("/signature")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.AGENT, Roles.SUPERVISOR })
    @Operation(summary = "Set the caller's signature", description = "Roles: agent, supervisor. At most 10 "
            + "characters, appended to every reply after a space.")
    @APIResponse(responseCode = "200", description = "The signature")
    @APIResponse(responseCode = "400", description = "Empty, too long or multi-line (problem details)")
    public Uni<ReplyView.Signature> setSignature(ReplyView.SignatureRequest request) {
        String wanted = request == null ? null : request.signature();
        ReplyRules.signatureRefusal(wanted).ifPresent(reason -> {
            throw ApiException.badRequest(reason);
        });
        String username = username();
        return replies.setSignature(username, wanted.strip())
                .map(row -> new ReplyView.Signature(username, row.signature, true));
    }

    private String username() {
        return Callers.username(caller);
    }

    private String defaultSignature() {
        return Callers.defaultSignature(caller);
    }
}
