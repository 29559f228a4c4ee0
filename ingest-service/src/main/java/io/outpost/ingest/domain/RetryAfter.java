package io.outpost.ingest.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delay seconds or an HTTP date. */
public final class RetryAfter {

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * X's headers on an accepted call (X API v2, "Rate limits": {@code x-rate-limit-remaining} requests left in
     * the 15-minute window, {@code x-rate-limit-reset} the epoch second it resets): the wait until the reset
     * when none is left, else empty (also when either header is missing or unreadable).
     */
    public static Optional<Duration> spentWindow(String remaining, String resetEpochSeconds, Instant now) {
        if (remaining == null || !remaining.trim().equals("0")) {
            return Optional.empty();
        }
        return resetAt(resetEpochSeconds, now);
    }

    /** X's {@code x-rate-limit-reset}: the epoch second the window resets; the wait until then. */
    public static Optional<Duration> resetAt(String epochSeconds, Instant now) {
        if (epochSeconds == null || epochSeconds.isBlank() || !epochSeconds.trim().chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        try {
            Duration wait = Duration.between(now, Instant.ofEpochSecond(Long.parseLong(epochSeconds.trim())));
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
