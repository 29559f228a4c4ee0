package io.outpost.cases.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a case stands. An assignment moves {@code new} to {@code open}; agents move cases through
 * the rest with {@code PATCH /api/v1/cases/{id}} along {@link #canMoveTo}; a customer post reopens
 * a resolved case within the reopen window; a scheduler closes resolved cases.
 */
public enum CaseStatus {
    /** Opened, nobody has it yet. */
    NEW,
    /** An agent has it. */
    OPEN,
    /** Waiting for the customer. */
    PENDING,
    /** Waiting for someone other than the customer. */
    ON_HOLD,
    /** Answered; the customer can still reopen it. */
    RESOLVED,
    /** Final: new posts of the conversation start a new case. */
    CLOSED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException for anything but a wire name ({@code new}, {@code on-hold}, ...) */
    public static CaseStatus fromWire(String value) {
        for (CaseStatus s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status '" + value + "'");
    }

    /**
     * The transitions a person (or a system through the API) may make. {@code new} is only ever
     * the first state; {@code closed} is final (a later post opens a new case); a resolved case
     * can only be reopened or closed; the same status again is not a transition.
     */
    public boolean canMoveTo(CaseStatus to) {
        if (to == this || to == NEW) {
            return false;
        }
        return switch (this) {
            case NEW, OPEN, PENDING, ON_HOLD -> true;
            case RESOLVED -> to == OPEN || to == CLOSED;
            case CLOSED -> false;
        };
    }

    /** Resolved or closed: the customer has been answered, the resolution clock stops. */
    public boolean isDone() {
        return this == RESOLVED || this == CLOSED;
    }

    /** Whether a new post of the conversation may still join the case. */
    public boolean acceptsPosts() {
        return this != CLOSED;
    }
}
