package io.outpost.console.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.ForbiddenException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The answers for a wrong role and an unexpected failure, for every page (exception mappers in a
 * class of their own apply globally; inside a resource class they would apply to that class only).
 */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    @Inject
    @Location("forbidden.html")
    Template forbidden;
    @Inject
    @Location("error.html")
    Template error;
    @Inject
    Me me;

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, io.vertx.core.http.HttpServerRequest request) {
        if ("/".equals(request.path()) && adminOnly()) {
            // The inbox is for agents and supervisors; an admin's home is the admin pages.
            return Response.seeOther(java.net.URI.create("/admin")).build();
        }
        String who;
        String roles;
        try {
            who = me.name();
            roles = me.roles();
        } catch (RuntimeException notSignedIn) {
            who = "";
            roles = "";
        }
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(forbidden.data("who", who).data("roles", roles).render()).build();
    }

    private boolean adminOnly() {
        try {
            return me.admin() && !me.agent() && !me.supervisor();
        } catch (RuntimeException notSignedIn) {
            return false;
        }
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof jakarta.ws.rs.WebApplicationException w && w.getResponse() != null
                && w.getResponse().getStatus() < 500 && !(e instanceof jakarta.ws.rs.ProcessingException)) {
            return w.getResponse();
        }
        // Security exceptions have their own (more specific) mappers: Quarkus' for sign-in, ours for 403.
        LOG.error("unexpected failure of a console page", e);
        return Response.status(500).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(error.render()).build();
    }
}
