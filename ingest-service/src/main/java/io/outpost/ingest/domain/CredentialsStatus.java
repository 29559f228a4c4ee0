package io.outpost.ingest.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a channel account's credentials last worked, and the rule that moves it. {@code ok}: the last
 * refresh or send with them worked; {@code failing}: the platform refused them (a refresh token X no
 * longer takes, an access token refused even fresh) or there were none to send with, with the reason;
 * {@code unknown}: not used since they were set.
 */
public enum CredentialsStatus {
    OK("ok"), FAILING("failing"), UNKNOWN("unknown");

    private final String wireName;

    CredentialsStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The stored value; an unknown or absent one reads as {@link #UNKNOWN}. */
    public static CredentialsStatus fromWire(String value) {
        for (CredentialsStatus s : values()) {
            if (s.wireName.equals(value)) {
                return s;
            }
        }
        return UNKNOWN;
    }

    /** A status with its reason ({@code error} is set only while failing). */
    public record State(CredentialsStatus status, String error) {
        public State {
            Objects.requireNonNull(status);
            error = status == FAILING ? Objects.requireNonNull(error) : null;
        }

        public static State of(String status, String error) {
            CredentialsStatus s = fromWire(status);
            return new State(s, s == FAILING ? (error == null ? "failing" : error) : null);
        }
    }

    /** What happened to the credentials. */
    public sealed interface Event {
    }

    /** A send with them was taken by the platform, or X issued new tokens for the refresh token. */
    public record Worked() implements Event {
    }

    /** Refused by the platform, or missing: sending cannot work until an admin acts. */
    public record Refused(String reason) implements Event {
        public Refused {
            Objects.requireNonNull(reason);
        }
    }

    /** An admin set new credentials: nobody has tried them yet. */
    public record Replaced() implements Event {
    }

    /**
     * The state after {@code event}; empty when nothing changes (so that a send that worked on an account
     * already {@code ok} writes nothing). A new reason while failing is a change.
     */
    public static Optional<State> after(State current, Event event) {
        State next = event instanceof Refused refused ? new State(FAILING, refused.reason())
                : event instanceof Worked ? new State(OK, null)
                : new State(UNKNOWN, null);
        return next.equals(current) ? Optional.empty() : Optional.of(next);
    }
}
