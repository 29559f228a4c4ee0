package io.outpost.cases.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a case stands. Foundation moves cases from {@code new} to {@code open} on assignment;
 * the other states are named now so that the API and the threading rules are stable.
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

    /** Whether a new post of the conversation may still join the case. */
    public boolean acceptsPosts() {
        return this != CLOSED;
    }
}
