package io.outpost.ingest.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What to do with a send the platform refused for its rate limit and told us when to come back (X's 429 with
 * {@code x-rate-limit-reset}, a {@code Retry-After}, Meta's {@code estimated_time_to_regain_access}).
 *
 * <p>A wait that fits in the send's retry budget ({@code outpost.outbound.retry.max-duration}) is waited
 * in place, as for any retry. A longer one is not a failure of the message — X's window simply runs out
 * while it is in flight — so the message is <em>parked</em>: stored as pending with a not-before time, and
 * sent again once that time has passed. Only a wait ending later than {@code maxWait} after the request
 * gives up, with the platform's reason: a message hours old may no longer be what the agent wants sent.
 */
public final class RateLimitWait {

    /** The decision. */
    public sealed interface Decision {
    }

    /** Wait in place (or no platform time given: the ordinary retry rules decide). */
    public record InPlace() implements Decision {
    }

    /** Store the message as pending and send it again at {@code notBefore}. */
    public record Park(Instant notBefore) implements Decision {
    }

    /** The platform's time lies past {@code requestedAt + maxWait}: fail with this explanation appended. */
    public record GiveUp(Instant notBefore, String why) implements Decision {
    }

    private RateLimitWait() {
    }

    /**
     * @param platformWait the wait the platform named (empty: it named none)
     * @param now          now
     * @param deadline     when this send's retry budget ends
     * @param requestedAt  when the message was first recorded
     * @param maxWait      the longest a message may wait for a platform's reset, counted from {@code requestedAt}
     */
    public static Decision decide(Optional<Duration> platformWait, Instant now, Instant deadline, Instant requestedAt,
            Duration maxWait) {
        if (platformWait.isEmpty()) {
            return new InPlace();
        }
        Instant notBefore = now.plus(platformWait.get());
        if (!notBefore.isAfter(deadline)) {
            return new InPlace();
        }
        if (notBefore.isAfter(requestedAt.plus(maxWait))) {
            return new GiveUp(notBefore, "rate limited until " + notBefore + ", past outpost.outbound.retry.max-rate-limit-wait ("
                    + maxWait + " after the request)");
        }
        return new Park(notBefore);
    }
}
