package io.outpost.kit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}).
 *
 * @param type     a URI naming the kind of problem
 * @param title    a short summary, the same for every occurrence of the kind
 * @param status   the HTTP status
 * @param detail   what went wrong this time, for the caller to act on
 * @param instance the request path
 * @param errors   one entry per invalid field, when input was rejected
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One rejected input field: where it is and why it was rejected. */
    public record FieldError(String field, String message) {
    }
}
