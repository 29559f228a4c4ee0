package io.outpost.ingest.messaging;

import java.time.Duration;
import java.util.Optional;

/** What one call to a platform came to. */
public sealed interface Attempt {

    /**
     * The platform took the message; {@code platformId} is its id for it. {@code windowSpentFor}: the platform
     * said the account's rate-limit window has no sends left until then (X's {@code x-rate-limit-remaining: 0}).
     */
    record Delivered(String platformId, Optional<Duration> windowSpentFor) implements Attempt {

        public Delivered(String platformId) {
            this(platformId, Optional.empty());
        }
    }

    /** 429, 5xx, Meta's throttling codes or a connect failure: nothing (or nothing for sure) was done; trying again may work. */
    record Retryable(String reason, Optional<Duration> retryAfter) implements Attempt {
    }

    /**
     * X answered 401: the access token was refused (expired early, revoked). Final unless the account's
     * token can be refreshed, then the attempt is made once more with the new one.
     */
    record Unauthorized(String reason) implements Attempt {
    }

    /**
     * Rate limited with a platform time past the send's retry budget: not failed, but stored as pending and
     * sent again from {@code notBefore} on (domain/RateLimitWait). Never the outcome of a single call.
     */
    record Parked(String reason, java.time.Instant notBefore) implements Attempt {
    }

    /** Final: a 4xx, an unknown outcome (timeout after the request left), or a check before sending. */
    record Failed(String reason) implements Attempt {
    }
}
