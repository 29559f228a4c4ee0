package io.outpost.kit.api;

import io.outpost.kit.config.BodyLimitConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Request body limits per path, answered as {@code application/problem+json}. Quarkus enforces one
 * global limit ({@code quarkus.http.limits.max-body-size}, a route of order -2 that answers 413
 * with no body, and hands the limit to the request body reader under
 * {@code io.quarkus.max-request-size} for chunked bodies). service-kit sets that global limit
 * high ({@code outpost.http.max-accepted-body-size}) and this route, right after it, narrows it
 * for every request: {@code outpost.http.max-body-size} (1 MiB) unless the request is a POST to
 * one of the upload paths in {@code outpost.http.upload-limits}. A declared length over the
 * limit is refused with 413 before the body is read; a chunked body is cut off at the limit by
 * the body reader.
 */
@ApplicationScoped
public class BodyLimits {

    /** The key Quarkus' body reader takes the limit from. */
    static final String MAX_REQUEST_SIZE = "io.quarkus.max-request-size";

    private final long defaultLimit;
    private final Map<String, Long> uploadLimits;

    public BodyLimits(BodyLimitConfig config) {
        this.defaultLimit = config.maxBodySize().asLongValue();
        this.uploadLimits = config.uploadLimits().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> stripSlash(e.getKey()), e -> e.getValue().asLongValue()));
    }

    void install(@Observes Router router) {
        router.route().order(-1).handler(this::limit);
    }

    /** The limit of a request: an upload path's own for POST, else the default. */
    public long limitFor(HttpMethod method, String path) {
        if (HttpMethod.POST.equals(method) && path != null) {
            Long upload = uploadLimits.get(stripSlash(path));
            if (upload != null) {
                return upload;
            }
        }
        return defaultLimit;
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

    private static String stripSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
