package io.outpost.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalInt;

/**
 * The code of a Graph API error body ({@code {"error":{"message","type","code","error_subcode","fbtrace_id"}}},
 * Graph API "Handling Errors"), and what Outpost does about the codes that concern the sending account.
 */
public final class MetaErrorCodes {

    /**
     * Code 190, "Invalid OAuth 2.0 Access Token" (Graph API "Handling Errors": expired, revoked — the user
     * changed their password, removed the app, or the page's admin lost their role). A page token made from a
     * long-lived user token does not expire by itself, so Outpost never refreshes one: a 190 means a person
     * must give the account a new token, and the account's credentials are reported failing.
     */
    public static final int INVALID_ACCESS_TOKEN = 190;

    private static final ObjectMapper JSON = new ObjectMapper();

    private MetaErrorCodes() {
    }

    /** {@code error.code} of the body, if it is a Graph API error. */
    public static OptionalInt code(String body) {
        if (body == null || body.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            JsonNode code = JSON.readTree(body).path("error").path("code");
            return code.canConvertToInt() ? OptionalInt.of(code.asInt()) : OptionalInt.empty();
        } catch (Exception e) {
            return OptionalInt.empty();
        }
    }

    /** Whether Meta refused the access token itself (not a permission, a window or a recipient). */
    public static boolean accessTokenRefused(String body) {
        return code(body).orElse(-1) == INVALID_ACCESS_TOKEN;
    }
}
