package io.outpost.survey.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * What the policy decided for a resolved case: send at an instant, or skip for a reason.
 * Made by {@link SurveyPolicy#decide}.
 *
 * @param sendAt when to send; {@code null} when skipped
 * @param reason why skipped; {@code null} when sent
 */
public record SendDecision(Instant sendAt, SkipReason reason) {

    public SendDecision {
        if ((sendAt == null) == (reason == null)) {
            throw new IllegalArgumentException("a decision is either a send instant or a skip reason");
        }
    }

    public static SendDecision send(Instant at) {
        return new SendDecision(Objects.requireNonNull(at, "at"), null);
    }

    public static SendDecision skip(SkipReason reason) {
        return new SendDecision(null, Objects.requireNonNull(reason, "reason"));
    }

    public boolean sends() {
        return sendAt != null;
    }

    @Override
    public String toString() {
        return sends() ? "SEND at " + sendAt : "SKIP " + reason;
    }
}
