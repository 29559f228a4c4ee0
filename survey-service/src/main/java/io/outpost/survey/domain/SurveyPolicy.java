package io.outpost.survey.domain;

import io.outpost.contracts.Channel;
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

    /**
     * Whether and when to survey a resolved case. Reasons are checked in the precedence order of
     * {@link SkipReason} and the first that applies is returned. Fatigue is judged at the instant
     * the survey would be sent ({@link #sendAt}), against every survey of the person sent or
     * scheduled (see {@link FatigueLimit#allows}); on X the recipient's surveys on X are also held
     * to {@link #perXRecipient}. Consent {@link ConsentStatus#UNKNOWN} does not block: the issue
     * excludes denied, revoked and expired consent, and most social customers have no CRM record at all.
     *
     * @param resolved the case
     * @param history  the person's surveys, sent or scheduled, on every channel
     * @param person   opt-out, consent and erasure
     * @param seed     the sampling seed (see {@link Sampling})
     */
    public SendDecision decide(ResolvedCase resolved, SurveyHistory history, PersonStatus person, long seed) {
        Objects.requireNonNull(resolved, "resolved");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(person, "person");
        if (person.erased()) {
            return SendDecision.skip(SkipReason.ERASED);
        }
        if (person.optedOut()) {
            return SendDecision.skip(SkipReason.OPTED_OUT);
        }
        if (person.surveyConsent() == ConsentStatus.REVOKED) {
            return SendDecision.skip(SkipReason.CONSENT_REVOKED);
        }
        if (person.surveyConsent() == ConsentStatus.DENIED) {
            return SendDecision.skip(SkipReason.CONSENT_DENIED);
        }
        if (person.surveyConsent() == ConsentStatus.EXPIRED) {
            return SendDecision.skip(SkipReason.CONSENT_EXPIRED);
        }
        if (resolved.hidden()) {
            return SendDecision.skip(SkipReason.HIDDEN_CASE);
        }
        if (resolved.attachedToIncident()) {
            return SendDecision.skip(SkipReason.INCIDENT);
        }
        Instant at = sendAt(resolved.resolvedAt());
        if (!perPerson.allows(history.acrossChannels(), at)) {
            return SendDecision.skip(SkipReason.FATIGUE_PERSON);
        }
        if (resolved.channel() == Channel.X && !perXRecipient.allows(history.on(Channel.X, resolved.recipient()), at)) {
            return SendDecision.skip(SkipReason.FATIGUE_CHANNEL);
        }
        if (!Sampling.sampled(seed, resolved.caseId(), samplingRate)) {
            return SendDecision.skip(SkipReason.NOT_SAMPLED);
        }
        return SendDecision.send(at);
    }
}
