package io.outpost.cases.domain;

import java.util.UUID;
import java.nio.charset.StandardCharsets;

/**
 * Claiming a case from the inbox: an agent (or supervisor) takes an unassigned case themselves. The
 * decision here is what a claim does to a case as read; the store makes the change with one conditional
 * UPDATE ({@code ... where the case is still unassigned}), so of two claims at once exactly one changes
 * the row and the other reads the winner and gets {@link Taken}.
 */
public final class Claiming {

    private Claiming() {
    }

    /** What a claim found. */
    public sealed interface Outcome permits Claimable, AlreadyYours, Taken, Refused {
    }

    /** Unassigned and workable: the claim may take it. */
    public record Claimable() implements Outcome {
    }

    /** The caller has it already: a repeated claim changes nothing and succeeds (idempotent). */
    public record AlreadyYours() implements Outcome {
    }

    /** Another person has it: 409 naming them. */
    public record Taken(String holder) implements Outcome {
    }

    /** Not claimable at all (hidden, closed): 409 with why. */
    public record Refused(String why) implements Outcome {
    }

    /** The case as the claim reads it. */
    public record Facts(UUID caseId, CaseStatus status, boolean hidden, UUID assigneeId, String assigneeUsername,
            String assigneeName) {

        public static Facts of(CustomerCase c) {
            return new Facts(c.id, c.caseStatus(), c.hidden(), c.assigneeId, c.assigneeUsername, c.assigneeName);
        }
    }

    /**
     * Decides a claim by {@code username}. A case assigned without a login (an older routing-service's
     * assignment) is assigned all the same: it has an agent, just not one we can name by login.
     */
    public static Outcome decide(Facts c, String username) {
        if (c.hidden()) {
            return new Refused("case " + c.caseId() + " is hidden (bot, spam): un-hide a post first");
        }
        if (c.status() == CaseStatus.CLOSED) {
            return new Refused("case " + c.caseId() + " is closed");
        }
        if (c.assigneeUsername() != null && c.assigneeUsername().equals(username)) {
            return new AlreadyYours();
        }
        if (c.assigneeId() != null || c.assigneeUsername() != null) {
            return new Taken(holder(c));
        }
        return new Claimable();
    }

    /** How a conflict names the holder: their name and login when known, else their agent id. */
    static String holder(Facts c) {
        if (c.assigneeUsername() != null) {
            return c.assigneeName() == null || c.assigneeName().isBlank() || c.assigneeName().equals(c.assigneeUsername())
                    ? c.assigneeUsername()
                    : c.assigneeName() + " (" + c.assigneeUsername() + ")";
        }
        return c.assigneeName() != null && !c.assigneeName().isBlank() ? c.assigneeName() : "agent " + c.assigneeId();
    }

    /**
     * The agent id a claim puts on the case when routing-service has never named the caller's id (no
     * assignment or offer for them yet): derived from the login, the same for every claim of that login,
     * so the case's assignee stays one person across claims. routing-service does not know this id: it
     * stops offering the case (the task is held by case-service's assignee) but counts no capacity for it.
     */
    public static UUID provisionalAgentId(String username) {
        return UUID.nameUUIDFromBytes(("outpost-agent:" + username)
                .getBytes(StandardCharsets.UTF_8));
    }
}
