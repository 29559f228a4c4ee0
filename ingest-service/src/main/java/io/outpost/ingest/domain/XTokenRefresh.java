package io.outpost.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The rules of refreshing an X OAuth 2.0 user access token, as plain functions (the calls and the
 * database are {@code messaging/XAccessTokens}'s).
 *
 * <p>X's documented behaviour (https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code and
 * .../user-access-token):
 * an access token lives 2 hours ({@code expires_in: 7200}); {@code POST /2/oauth2/token} with
 * {@code grant_type=refresh_token} answers a new access token <em>and a new refresh token</em>: the one
 * used is spent, so every refresh must store both; a spent or revoked refresh token gets {@code 400}
 * {@code {"error":"invalid_request","error_description":"Value passed for the token was invalid."}}.
 */
public final class XTokenRefresh {

    /** The longest lifetime we believe of an answer ({@code expires_in}); X gives 7200 s. */
    static final long MAX_EXPIRES_IN_SECONDS = Duration.ofDays(366).toSeconds();
    private static final int MAX_REASON = 300;

    private XTokenRefresh() {
    }

    /** True when a send should refresh first: no known expiry, or it expires within {@code margin} of {@code now}. */
    public static boolean refreshDue(Instant expiresAt, Instant now, Duration margin) {
        return expiresAt == null || !now.plus(margin).isBefore(expiresAt);
    }

    /** What the database holds for the account at a moment: the sealed access token, its expiry, the claim. */
    public record Stored(byte[] sealedAccessToken, Instant expiresAt, Instant claimedUntil) {
        @Override
        public String toString() {
            return "Stored[expiresAt=" + expiresAt + ", claimedUntil=" + claimedUntil + "]";
        }
    }

    /** What a sender does next. */
    public enum Next {
        /** The stored access token is good: send with it. */
        USE,
        /** A refresh is needed and nobody holds the claim: try to take it. */
        CLAIM,
        /** A refresh is needed and another sender holds the claim: wait, then read again. */
        WAIT
    }

    /**
     * The decision for a sender that read {@code stored}. {@code rejected} is the sealed access token X
     * has just refused with a 401 (null when none): while the stored one is still that one it must be
     * refreshed whatever its expiry; once it differs, another sender has refreshed it already. (Sealed
     * values compare safely: every store seals with a new random nonce, so a new token never has the
     * old token's bytes.)
     */
    public static Next next(Stored stored, byte[] rejected, Instant now, Duration margin) {
        boolean refused = rejected != null && Arrays.equals(rejected, stored.sealedAccessToken());
        if (!refused && stored.sealedAccessToken() != null && !refreshDue(stored.expiresAt(), now, margin)) {
            return Next.USE;
        }
        return stored.claimedUntil() != null && stored.claimedUntil().isAfter(now) ? Next.WAIT : Next.CLAIM;
    }

    /** X's answer to a refresh. */
    public sealed interface Answer {
    }

    /** New tokens: both must be stored (the refresh token used is spent). */
    public record Refreshed(String accessToken, String refreshToken, Instant expiresAt, String scope) implements Answer {
        @Override
        public String toString() {
            return "Refreshed[tokens redacted, expiresAt=" + expiresAt + ", scope=" + scope + "]";
        }
    }

    /**
     * X will not refresh with this refresh token (spent, revoked, the app's access withdrawn) or the
     * client: an admin must authorise the account again. {@code reason} is X's, never a token.
     */
    public record Refused(String reason) implements Answer {
    }

    /** No verdict on the token (429, 5xx, an answer we cannot read): trying later may work. */
    public record Unavailable(String reason) implements Answer {
    }

    /**
     * Reads the token endpoint's answer. A 2xx must be a bearer token with a non-blank access token, a
     * non-blank refresh token and a positive {@code expires_in}; anything else is {@link Unavailable}
     * (the refresh token may or may not be spent: nothing to store, the next refresh will tell). A 400
     * or 401 is {@link Refused} with X's {@code error} and {@code error_description}.
     */
    public static Answer read(int status, String body, Instant now, ObjectMapper mapper) {
        JsonNode json = parse(body, mapper);
        if (status >= 200 && status < 300) {
            if (json == null || !json.isObject()) {
                return new Unavailable("X's token endpoint answered " + status + " without a JSON object");
            }
            String type = text(json, "token_type");
            String access = text(json, "access_token");
            String refresh = text(json, "refresh_token");
            JsonNode expiresIn = json.path("expires_in");
            if (type == null || !type.equalsIgnoreCase("bearer")) {
                return new Unavailable("X's token endpoint answered token_type " + (type == null ? "(none)" : truncate(type))
                        + ", not bearer");
            }
            if (access == null) {
                return new Unavailable("X's token endpoint answered no access_token");
            }
            if (refresh == null) {
                // Without offline.access X gives no refresh token; this app cannot keep the account sending.
                return new Unavailable("X's token endpoint answered no refresh_token (was the offline.access scope granted?)");
            }
            if (!expiresIn.canConvertToLong() || !expiresIn.isIntegralNumber() || expiresIn.asLong() <= 0
                    || expiresIn.asLong() > MAX_EXPIRES_IN_SECONDS) {
                return new Unavailable("X's token endpoint answered no usable expires_in");
            }
            return new Refreshed(access, refresh, now.plusSeconds(expiresIn.asLong()), text(json, "scope"));
        }
        String said = json == null ? (body == null || body.isBlank() ? "" : ": " + body.strip()) : errorOf(json, body);
        String reason = truncate("X refused to refresh the access token (" + status + said + ")");
        if (status == 400 || status == 401) {
            return new Refused(reason);
        }
        return new Unavailable(truncate("X's token endpoint answered " + status + said));
    }

    /** {@code ": invalid_request (Value passed for the token was invalid.)"}: OAuth's error and its description. */
    private static String errorOf(JsonNode json, String body) {
        String error = text(json, "error");
        String description = text(json, "error_description");
        if (error == null && description == null) {
            return body == null || body.isBlank() ? "" : ": " + body.strip();
        }
        if (error == null) {
            return ": " + description;
        }
        return ": " + error + (description == null ? "" : " (" + description + ")");
    }

    private static JsonNode parse(String body, ObjectMapper mapper) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String truncate(String s) {
        return s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON) + "…";
    }
}
