package io.outpost.survey.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The sending policy, checked for sense: no negative delay, a response window, a sampling rate
 * that is a share.
 *
 * @param delayAfterResolution time between resolution and the survey
 * @param responseWindow       how long a survey accepts an answer
 * @param samplingRate         share of eligible cases surveyed, 0.0 to 1.0
 * @param perPerson            across all channels, per person
 * @param perXRecipient        on X, per recipient (the platform's limit)
 */
public record SurveyPolicy(Duration delayAfterResolution, Duration responseWindow, double samplingRate,
        FatigueLimit perPerson, FatigueLimit perXRecipient) {

    public SurveyPolicy {
        Objects.requireNonNull(delayAfterResolution, "delayAfterResolution");
        Objects.requireNonNull(responseWindow, "responseWindow");
        Objects.requireNonNull(perPerson, "perPerson");
        Objects.requireNonNull(perXRecipient, "perXRecipient");
        if (delayAfterResolution.isNegative()) {
            throw new IllegalArgumentException("outpost.survey.delay-after-resolution must not be negative, got "
                    + delayAfterResolution);
        }
        if (responseWindow.isNegative() || responseWindow.isZero()) {
            throw new IllegalArgumentException("outpost.survey.response-window must be positive, got " + responseWindow);
        }
        if (!(samplingRate >= 0.0 && samplingRate <= 1.0)) {
            throw new IllegalArgumentException("outpost.survey.sampling-rate must be between 0.0 and 1.0, got " + samplingRate);
        }
    }

    /** When the survey of a case resolved at {@code resolvedAt} is due. */
    public Instant sendAt(Instant resolvedAt) {
        return resolvedAt.plus(delayAfterResolution);
    }

    /** When a survey sent at {@code sentAt} stops accepting answers. */
    public Instant expiresAt(Instant sentAt) {
        return sentAt.plus(responseWindow);
    }
}
