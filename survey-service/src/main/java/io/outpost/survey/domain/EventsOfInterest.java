package io.outpost.survey.domain;

import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.ConsentChanged;
import io.outpost.contracts.events.PostIngested;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;

/**
 * Which consumed events can change anything here, judged from the event alone (no database): the
 * consumers acknowledge the others before any transaction (service-kit's {@code Handler.only}), so
 * every public post of the suite costs survey-service a parse, not a transaction and a
 * {@code processed_event} row. Each test says exactly what the handler itself ignores, nothing more;
 * a payload too broken to judge is let through, so that the handler dead-letters it as before.
 */
public final class EventsOfInterest {

    /** Statuses in which a case is no longer resolved: its pending survey would ask about an open problem. */
    private static final Set<String> REOPENED = Set.of("new", "open", "pending", "on-hold");

    /** The consent purpose that is ours. */
    public static final String SURVEYS_PURPOSE = "surveys";

    private EventsOfInterest() {
    }

    /** Consent for another purpose (CRM linking, marketing) is not ours; none of it is read. */
    public static boolean consentToRead(ConsentChanged changed) {
        return SURVEYS_PURPOSE.equals(changed.purpose());
    }

    /** The post lacks a field every consumer of {@code post.ingested} needs: it goes to the dead-letter topic. */
    public static boolean isBrokenPost(PostIngested post) {
        return post.postId() == null || post.channel() == null || post.externalId() == null || post.author() == null
                || post.createdAt() == null || post.visibility() == null;
    }

    /**
     * A private message from a customer with a platform id: the only post that can answer a survey or
     * opt out of surveys. Public posts and our own accounts' messages never can.
     */
    public static boolean mayAnswerASurvey(PostIngested post) {
        return post.visibility() == Visibility.PRIVATE && !post.fromOwnAccount() && post.channel() != null
                && post.author() != null && post.author().platformUserId() != null
                && !post.author().platformUserId().isBlank() && post.createdAt() != null;
    }

    /** What the posts consumer must read: a possible answer, or a broken post to dead-letter. */
    public static boolean postToRead(PostIngested post) {
        return isBrokenPost(post) || mayAnswerASurvey(post);
    }

    /** The case is back to new, open, pending or on hold: a survey not yet sent is withdrawn. */
    public static boolean reopens(String status) {
        return status != null && REOPENED.contains(status.toLowerCase(Locale.ROOT));
    }

    /**
     * What the cases consumer must read of {@code case.updated}: a reopening, or an update lacking its
     * case or status (dead-lettered). Any other status (resolved, closed) withdraws nothing.
     */
    public static boolean updateToRead(CaseUpdated updated) {
        return updated.caseId() == null || updated.status() == null || reopens(updated.status());
    }

    /**
     * Whether a {@code case.resolved} at {@code resolvedAt} is a new resolution of a case whose survey
     * was decided for {@code decidedFor} and then cancelled: only a later resolution is decided again.
     * The same resolution delivered again (a redelivery, the outbox relay's resend) decides nothing,
     * which makes the decision idempotent by the case without a {@code processed_event} row. Compared at
     * PostgreSQL's precision (microseconds) and truncated, so a redelivery never looks later than the
     * value stored for it (PostgreSQL rounds, truncation never goes above that).
     */
    public static boolean resolvedAgain(Instant resolvedAt, Instant decidedFor) {
        return decidedFor == null || resolvedAt.truncatedTo(ChronoUnit.MICROS).isAfter(decidedFor);
    }
}
