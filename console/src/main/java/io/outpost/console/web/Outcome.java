package io.outpost.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.console.domain.Trouble;
import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.function.Supplier;

/**
 * One service call's result for a panel of a page: the value, or the status and a message in words.
 * A service that is down or answers 5xx spoils only its own panel.
 */
@TemplateData
public record Outcome<T>(T value, int status, String problem, String message) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Outcome.class);

    public boolean ok() {
        return message == null;
    }

    public static <T> Outcome<T> of(String service, Supplier<T> call) {
        try {
            return new Outcome<>(call.get(), 200, null, null);
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
            String detail = detail(e);
            return new Outcome<>(null, status, detail, Trouble.describe(service, status, detail));
        } catch (ProcessingException e) {
            // Connection refused, timeouts: the service is not answering.
            return new Outcome<>(null, 0, null, Trouble.describe(service, 0, null));
        } catch (RuntimeException e) {
            // Anything else (an answer the console cannot read): the panel says so, the page stays,
            // and the log keeps the cause.
            LOG.warnf(e, "a call to %s failed unexpectedly", service);
            return new Outcome<>(null, 500, null, Trouble.describe(service, 500, null));
        }
    }

    /** The problem+json {@code detail} (or {@code title}) of an error answer, if it has one. */
    static String detail(WebApplicationException e) {
        try {
            if (e.getResponse() == null || !e.getResponse().hasEntity()) {
                return null;
            }
            String body = e.getResponse().readEntity(String.class);
            JsonNode problem = JSON.readTree(body);
            String text = problem.path("detail").asText(null);
            return text != null ? text : problem.path("title").asText(null);
        } catch (RuntimeException | java.io.IOException ignored) {
            return null;
        }
    }
}
