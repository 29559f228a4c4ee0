package io.outpost.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Meta's "you are throttled" answers, which are not 429s: the Graph API answers a throttled call with
 * an HTTP 4xx (400 or 403) and an error body {@code {"error":{"message", "type":"OAuthException",
 * "code", "fbtrace_id"}}} whose {@code code} says which limit was reached. Documented in
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting/ ("Error codes") and the
 * Messenger Platform's error codes (https://developers.facebook.com/docs/messenger-platform/error-codes):
 * <ul>
 * <li>4 — application request limit reached (platform rate limit, app token);</li>
 * <li>17 — user request limit reached (platform rate limit, user token);</li>
 * <li>32 — Page request limit reached (Pages API, user or page token);</li>
 * <li>613 — calls to this API have exceeded the rate limit (custom limits; the Send API uses it);</li>
 * <li>80001-80009 — Business Use Case limits (80001 Pages, 80002 Instagram, 80006 Messenger, …;
 * the whole documented family, since a page token's calls are counted as BUC calls).</li>
 * </ul>
 * Each is retried with back-off like a 429: nothing was done, and the call succeeds once usage drops.
 * Meta sends no {@code Retry-After}; its hint is {@code estimated_time_to_regain_access} (minutes) in
 * the {@code X-Business-Use-Case-Usage} header (per business id, per use-case type) and, where present,
 * in {@code X-Page-Usage}. {@code X-App-Usage} carries percentages only (call count, CPU, time), no
 * time: without a hint the caller's exponential back-off applies.
 */
public final class MetaThrottling {

    private static final Set<Integer> THROTTLING_CODES = Set.of(4, 17, 32, 613,
            80001, 80002, 80003, 80004, 80005, 80006, 80007, 80008, 80009);
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetaThrottling() {
    }

    /** The error body's {@code error.code}, when it is one of Meta's throttling codes. */
    public static Optional<Integer> throttlingCode(String body) {
        OptionalInt code = MetaErrorCodes.code(body);
        return code.isPresent() && THROTTLING_CODES.contains(code.getAsInt()) ? Optional.of(code.getAsInt()) : Optional.empty();
    }

    /**
     * The longest {@code estimated_time_to_regain_access} (minutes) in {@code X-Business-Use-Case-Usage}
     * ({@code {"<business id>": [{"type": "pages", "call_count": 100, …, "estimated_time_to_regain_access": 5}]}})
     * or {@code X-Page-Usage} ({@code {"call_count": 100, …, "estimated_time_to_regain_access": 5}}); empty
     * when neither gives one above zero.
     */
    public static Optional<Duration> regainAccessIn(String businessUseCaseUsage, String pageUsage) {
        long minutes = Math.max(longestRegain(parse(businessUseCaseUsage)), longestRegain(parse(pageUsage)));
        return minutes > 0 ? Optional.of(Duration.ofMinutes(minutes)) : Optional.empty();
    }

    private static long longestRegain(JsonNode node) {
        long longest = node.path("estimated_time_to_regain_access").asLong(0);
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                longest = Math.max(longest, longestRegain(child));
            }
        }
        return longest;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return JSON.missingNode();
        }
    }
}
