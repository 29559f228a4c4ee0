package io.outpost.kit.api;

/**
 * A failure the caller can act on, turned into a problem body with its status. Services throw
 * these from their resources and domain services instead of building responses by hand.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String title;

    public ApiException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not found", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail);
    }

    /** The request is well-formed but breaks a rule of the domain. */
    public static ApiException unprocessable(String detail) {
        return new ApiException(422, "Rule violated", detail);
    }
}
