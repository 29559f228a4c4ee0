package io.outpost.cases.domain;

import java.time.Instant;

/**
 * Where a reply's delivery stands, from the two pieces of evidence the platforms give us: ingest-service's
 * delivery report ({@code delivery.reported}: delivered with the platform's message id, or failed with the
 * platform's reason) and the platform's echo of our own message (an own-account post whose external id is
 * that message id). Plain Java, so the rules are tested without a database:
 *
 * <ul>
 *   <li>A reply counts as a response only once delivered: the customer cannot read a reply that is still
 *       queued or that the platform refused. It counts at its {@link State#deliveredAt()}: the earliest
 *       evidence that it was on the platform (the report's time or the echo's platform time), not the time
 *       the agent pressed send.</li>
 *   <li>Echo and report may come in either order; a repeat of either changes nothing.</li>
 *   <li>A delivered reply stays delivered (a late failure report of a retry cannot take back what the
 *       customer has seen); a failed one may still become delivered (the platform accepted a retry).</li>
 * </ul>
 */
public final class ReplyDelivery {

    public static final String REQUESTED = "requested";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    private ReplyDelivery() {
    }

    /**
     * @param status            requested, delivered or failed
     * @param platformMessageId the platform's id of the sent message (once delivered)
     * @param failureReason     the platform's reason (failed only)
     * @param reportedAt        when ingest-service knew the outcome
     * @param deliveredAt       when it counts as a response; null while it does not
     * @param confirmedAt       the platform time of its echo; null until the echo came
     */
    public record State(String status, String platformMessageId, String failureReason, Instant reportedAt,
            Instant deliveredAt, Instant confirmedAt) {

        public static State requested() {
            return new State(REQUESTED, null, null, null, null, null);
        }

        public boolean countsAsResponse() {
            return deliveredAt != null;
        }
    }

    /**
     * The platform accepted the message ({@code delivery.reported} delivered). A reply its echo already
     * confirmed keeps the echo's earlier time.
     */
    public static State delivered(State s, String platformMessageId, Instant reportedAt) {
        if (DELIVERED.equals(s.status()) && s.reportedAt() != null) {
            return s;
        }
        return new State(DELIVERED, platformMessageId == null ? s.platformMessageId() : platformMessageId, null,
                reportedAt, earliest(reportedAt, s.deliveredAt()), s.confirmedAt());
    }

    /** The platform refused the message or sending gave up ({@code delivery.reported} failed). */
    public static State failed(State s, String reason, Instant reportedAt) {
        if (DELIVERED.equals(s.status())) {
            return s;
        }
        String why = reason == null || reason.isBlank() ? "no reason given" : reason;
        return new State(FAILED, s.platformMessageId(), why, reportedAt, null, s.confirmedAt());
    }

    /**
     * The platform sent our message back (its echo, matched by the platform message id, so the reply was
     * delivered): confirmed at the echo's platform time, and delivered no later than that. The first echo
     * counts; a redelivered one changes nothing.
     */
    public static State echoed(State s, Instant echoPlatformTime) {
        if (s.confirmedAt() != null) {
            return s;
        }
        return new State(DELIVERED, s.platformMessageId(), null, s.reportedAt(),
                earliest(s.deliveredAt(), echoPlatformTime), echoPlatformTime);
    }

    /** The delivery state as an agent reads it on the reply. */
    public static String describe(State s) {
        if (s.confirmedAt() != null) {
            return "confirmed by the platform";
        }
        return switch (s.status()) {
            case DELIVERED -> "delivered, not yet confirmed by the platform";
            case FAILED -> "failed: " + s.failureReason();
            default -> "sending";
        };
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
