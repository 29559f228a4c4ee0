package io.outpost.kit.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where every failure of an Outpost API becomes an {@code application/problem+json}
 * response. Input problems are 4xx with a detail the caller can act on; a 5xx means a bug or an
 * outage, its cause is logged and never echoed to the caller.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return problem(e.status(), e.title(), e.getMessage(), uri, List.of());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .collect(Collectors.toList());
        return problem(400, "Invalid input", errors.size() + " field(s) rejected", uri, errors);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String detail;
        List<Problem.FieldError> errors = List.of();
        if (e instanceof UnrecognizedPropertyException unknown) {
            detail = "unknown property '" + unknown.getPropertyName() + "'";
            errors = List.of(new Problem.FieldError(path(unknown), "unknown property"));
        } else if (e instanceof InvalidFormatException format) {
            detail = "value " + quoted(format.getValue()) + " is not a valid " + format.getTargetType().getSimpleName();
            errors = List.of(new Problem.FieldError(path(format), detail));
        } else if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            detail = "unreadable value at '" + path(mapping) + "': " + firstLine(mapping.getOriginalMessage());
            errors = List.of(new Problem.FieldError(path(mapping), firstLine(mapping.getOriginalMessage())));
        } else {
            detail = "the body is not valid JSON: " + firstLine(e.getOriginalMessage());
        }
        return problem(400, "Unreadable body", detail, uri, errors);
    }

    /**
     * A value of the wrong type ({@code "count": "many"}): Quarkus has a built-in mapper for exactly
     * this type, which would answer without a problem body; a mapper of ours for the same type wins.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem(403, "Forbidden", "your role does not allow this operation", uri, List.of());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return problem(status, "Server error", "the request could not be completed; it is safe to retry", uri, List.of());
        }
        Response.ResponseBuilder builder = problemBuilder(status, original.getStatusInfo().getReasonPhrase(),
                e.getMessage(), uri, List.of());
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (e instanceof IllegalArgumentException || e instanceof java.time.format.DateTimeParseException) {
            return problem(400, "Bad request", firstLine(e.getMessage()), uri, List.of());
        }
        java.time.DateTimeException badDate = causeOf(e, java.time.DateTimeException.class);
        if (badDate != null) {
            // A date the request carried that the calendar or our formats cannot hold (e.g. year
            // 5,881,580 from a number given as a date): the client's input.
            return problem(400, "Bad request", "invalid date or time: " + firstLine(badDate.getMessage()), uri, List.of());
        }
        String conflict = integrityViolation(e);
        if (conflict != null) {
            // A unique or other integrity constraint refused the write: typically two requests
            // creating the same thing at once. The transaction rolled back; nothing was written.
            LOG.infof("integrity constraint refused a write (%s) at %s", conflict, uri == null ? "?" : uri.getPath());
            return problem(409, "Conflict", "the request conflicts with the current state (" + conflict
                    + "), for example a concurrent request that created the same thing; nothing was written", uri, List.of());
        }
        String dataError = unstorableValue(e);
        if (dataError != null) {
            // The database refused a value the request carried (a NUL character, a lone surrogate,
            // a number out of range): the client's input, so a 4xx; the transaction rolled back,
            // so nothing was written. Logged because validation should have caught it earlier.
            LOG.warnf("input refused by the database (%s) at %s", dataError, uri.getPath());
            return problem(400, "Invalid input", "a value cannot be stored: " + dataError
                    + " (text must be valid Unicode without NUL characters)", uri, List.of());
        }
        if (io.outpost.kit.messaging.TransientFailures.isConcurrentChange(e)) {
            // Two requests changed the same thing at once and this one lost (a version check, a
            // serialization failure or a deadlock): nothing was written, and the client should
            // look at the current state before trying again. A 409, not a 503: the service is fine.
            LOG.infof("concurrent change refused a write at %s: %s", uri == null ? "?" : uri.getPath(), e.toString());
            return problem(409, "Conflict", "another request changed this resource at the same time; nothing was"
                    + " written — read it again and retry", uri, List.of());
        }
        if (io.outpost.kit.messaging.TransientFailures.isTransient(e)) {
            // The database or the broker is away (restarting, failing over): the request did not
            // happen (its transaction rolled back), and the same request later will work. 503 with
            // Retry-After says so to clients and load balancers, where a 500 would say "bug".
            LOG.warnf("request refused while a dependency is unavailable at %s: %s", uri == null ? "?" : uri.getPath(),
                    e.toString());
            return problemBuilder(503, "Service unavailable",
                    "a dependency of this service is unavailable for a moment; nothing was written, retry shortly", uri,
                    List.of())
                    .header(HttpHeaders.RETRY_AFTER, "2")
                    .build();
        }
        LOG.error("unexpected failure", e);
        return problem(500, "Server error", "the request could not be completed; it is safe to retry", uri, List.of());
    }

    private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The SQLSTATE class 23 (integrity constraint violation) in a failure's causes; null if none. */
    static String integrityViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String state = t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState()
                    : t instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
            if (state != null && state.startsWith("23")) {
                return "SQLSTATE " + state;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * The SQLSTATE class 22 ("data exception": invalid byte sequence, value too long, numeric
     * out of range, bad datetime) in a failure's causes, as a short description; null if none.
     */
    static String unstorableValue(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // Hibernate Reactive reports the driver's PgException as a java.sql.SQLException
            // (inside its DataException); either carries the SQLSTATE.
            String state = t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState()
                    : t instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
            if (state != null && state.startsWith("22")) {
                return "SQLSTATE " + state;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static Response unauthenticated(UriInfo uri) {
        return problemBuilder(401, "Unauthorized", "a valid bearer token is required", uri, List.of())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    public static Response problem(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        return problemBuilder(status, title, detail, uri, errors).build();
    }

    private static Response.ResponseBuilder problemBuilder(int status, String title, String detail, UriInfo uri,
            List<Problem.FieldError> errors) {
        String instance = uri == null ? null : uri.getPath();
        Problem body = new Problem(typeOf(status), title, status, detail, instance, errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body);
    }

    private static String typeOf(int status) {
        return switch (status) {
            case 400 -> "https://outpost.io/problems/invalid-input";
            case 401 -> "https://outpost.io/problems/unauthenticated";
            case 403 -> "https://outpost.io/problems/forbidden";
            case 404 -> "https://outpost.io/problems/not-found";
            case 409 -> "https://outpost.io/problems/conflict";
            case 413 -> "https://outpost.io/problems/too-large";
            case 415 -> "https://outpost.io/problems/unsupported-media-type";
            case 422 -> "https://outpost.io/problems/rule-violated";
            case 503 -> "https://outpost.io/problems/unavailable";
            default -> "about:blank";
        };
    }

    private static String fieldOf(ConstraintViolation<?> v) {
        // "create.arg0.text" -> "text": the caller knows the body's fields, not our method names.
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : path;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String quoted(Object value) {
        return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
