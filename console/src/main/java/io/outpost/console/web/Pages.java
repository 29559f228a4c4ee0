package io.outpost.console.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The page without a role: signed out. */
@Path("/")
public class Pages {

    @Inject
    @Location("signed-out.html")
    Template signedOut;

    /** Where Keycloak sends the browser after logout (quarkus.oidc.logout.post-logout-path). */
    @GET
    @Path("signed-out")
    @Produces(MediaType.TEXT_HTML)
    @jakarta.annotation.security.PermitAll
    public String signedOut() {
        return signedOut.render();
    }
}
