package io.outpost.ingest.api;

import io.outpost.ingest.config.BodyLimitConfig;
import io.outpost.ingest.config.ImportConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Request body limits per path. Quarkus enforces one global limit ({@code quarkus.http.limits.max-body-size},
 * a route of order -2 that refuses a larger {@code Content-Length} and hands the limit to the request
 * body reader under {@code io.quarkus.max-request-size} for chunked bodies). This service sets that
 * global limit to the import upload's limit and, in the route right after it, narrows it again to
 * {@code outpost.http.max-body-size} (1 MiB) for every request but {@code POST /api/v1/imports}:
 * a declared length over the limit is refused with 413 before the body is read, a chunked body is
 * cut off at the limit by the body reader.
 */
@ApplicationScoped
public class BodyLimits {

    /** The key Quarkus' body reader takes the limit from. */
    static final String MAX_REQUEST_SIZE = "io.quarkus.max-request-size";
    static final String IMPORTS_PATH = "/api/v1/imports";

    private final long defaultLimit;
    private final long uploadLimit;

    public BodyLimits(BodyLimitConfig bodies, ImportConfig imports) {
        this.defaultLimit = bodies.maxBodySize().asLongValue();
        this.uploadLimit = imports.maxUploadSize().asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(-1).handler(this::limit);
    }

    long limitFor(HttpMethod method, String path) {
        boolean upload = HttpMethod.POST.equals(method) && path != null
                && (path.equals(IMPORTS_PATH) || path.equals(IMPORTS_PATH + "/"));
        return upload ? uploadLimit : defaultLimit;
    }

    private void limit(RoutingContext ctx) {
        long limit = limitFor(ctx.request().method(), ctx.normalizedPath());
        String length = ctx.request().getHeader("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared > limit) {
                ctx.response().setStatusCode(413)
                        .putHeader("Content-Type", "application/problem+json")
                        .putHeader("Connection", "close")
                        .end("{\"type\":\"about:blank\",\"title\":\"Payload Too Large\",\"status\":413,\"detail\":"
                                + "\"the body is larger than " + limit + " bytes\"}");
                return;
            }
        }
        ctx.put(MAX_REQUEST_SIZE, limit);
        ctx.next();
    }
}
