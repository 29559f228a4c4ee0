package io.outpost.console.web;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses a state-changing request whose {@code X-CSRF-Token} header does not carry the cookie's token. */
public class CsrfFilters {

    static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @ServerRequestFilter
    public Response check(ContainerRequestContext request, RoutingContext routing) {
        if (SAFE.contains(request.getMethod())) {
            return null;
        }
        Cookie cookie = routing.request().getCookie(Csrf.COOKIE);
        if (Csrf.matches(cookie == null ? null : cookie.getValue(), request.getHeaderString(Csrf.HEADER))) {
            return null;
        }
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity("<p role=\"alert\" class=\"message error\">This form has expired or did not come from the "
                        + "console (no valid CSRF token). Reload the page and try again.</p>")
                .build();
    }
}
