package io.outpost.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * The sandbox's Meta rate limits, as the Graph API documents them for calls made with a Page access token
 * (developers.facebook.com/docs/graph-api/overview/rate-limiting, "Business Use Case Rate Limits"): they are
 * counted per business object (here the page the token belongs to) and per use-case type — {@code pages}
 * (Pages API: comments, page posts), {@code messenger} (Send API, Private Replies), {@code instagram}
 * (Instagram Graph API: comment replies). Every answer carries
 * {@code X-Business-Use-Case-Usage: {"<page id>": [{"type", "call_count", "total_cputime", "total_time",
 * "estimated_time_to_regain_access"}]}} — the usages as percentages of the limit, the regain time in minutes
 * (0 while not throttled). A call over the limit is refused with the documented BUC error code of its type
 * (80001 Pages, 80006 Messenger, 80002 Instagram) as HTTP 400 with an {@code OAuthException} body.
 *
 * <p>Simplifications: Meta counts in a rolling 24-hour window whose size grows with the page's engaged users
 * (Pages 4,800 × engaged users, Messenger 200 × engaged users); the sandbox counts in fixed windows of a
 * configurable size ({@link ChannelSandbox#limitMeta}), by default 4,800 calls per 24 hours per type (one
 * engaged user's Pages figure, so the local run does not hit it by accident). It measures no CPU or time: it
 * reports the call count's share for {@code total_cputime} and {@code total_time} too.
 */
final class MetaUsage {

    /** {@code calls} per page and use-case type in each fixed {@code window}. */
    record Limit(int calls, Duration window) {
        Limit {
            if (calls < 1 || window == null || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("a Meta limit needs calls >= 1 and a positive window");
            }
        }
    }

    /** What one call came to: the header to send, and whether it was refused (then with this code and text). */
    record Answer(String businessUseCaseUsage, boolean refused, int code, String message) {
    }

    static final Limit DEFAULT = new Limit(4800, Duration.ofHours(24));

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Window(Instant resetAt, int used) {
    }

    private final Map<String, Window> windows = new HashMap<>();
    private final InstantSource clock;
    private volatile Limit limit = DEFAULT;

    MetaUsage(InstantSource clock) {
        this.clock = clock;
    }

    void limit(Limit limit) {
        this.limit = limit;
    }

    /** Counts one call of {@code type} ({@code pages}, {@code messenger}, {@code instagram}) for {@code pageId}. */
    synchronized Answer call(String pageId, String type) {
        Limit l = limit;
        Instant now = clock.instant();
        String key = pageId + "|" + type;
        Window w = windows.get(key);
        if (w == null || !now.isBefore(w.resetAt())) {
            w = new Window(now.plus(l.window()), 0);
        }
        boolean refused = w.used() >= l.calls();
        if (!refused) {
            w = new Window(w.resetAt(), w.used() + 1);
        }
        windows.put(key, w);
        // Meta reports usage as a percentage of the limit; 100 once it is reached.
        int percent = (int) Math.min(100, (long) w.used() * 100 / l.calls());
        long regainMinutes = refused ? Math.max(1, (Duration.between(now, w.resetAt()).toSeconds() + 59) / 60) : 0;
        ObjectNode usage = JSON.createObjectNode().put("type", type).put("call_count", percent)
                .put("total_cputime", percent).put("total_time", percent).put("estimated_time_to_regain_access", regainMinutes);
        ObjectNode header = JSON.createObjectNode();
        ArrayNode entries = header.putArray(pageId);
        entries.add(usage);
        String text = header.toString();
        if (!refused) {
            return new Answer(text, false, 0, null);
        }
        return switch (type) {
            case "messenger" -> new Answer(text, true, 80006, "There have been too many messenger api calls to this Page account."
                    + " Wait a bit and try again. For more info, please refer to"
                    + " https://developers.facebook.com/docs/graph-api/overview/rate-limiting.");
            case "instagram" -> new Answer(text, true, 80002, "There have been too many calls to this Instagram account."
                    + " Wait a bit and try again. For more info, please refer to"
                    + " https://developers.facebook.com/docs/graph-api/overview/rate-limiting.");
            default -> new Answer(text, true, 80001, "There have been too many calls to this Page account."
                    + " Wait a bit and try again. For more info, please refer to"
                    + " https://developers.facebook.com/docs/graph-api/overview/rate-limiting.");
        };
    }
}
