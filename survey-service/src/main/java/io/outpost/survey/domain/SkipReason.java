package io.outpost.survey.domain;

/**
 * Why a resolved case gets no survey. When several apply, the first in this order is recorded
 * (declaration order is the precedence; {@link SurveyPolicy#decide} checks in this order):
 *
 * <ol>
 * <li>person-level refusals, strongest first: {@link #ERASED}, {@link #OPTED_OUT},
 * {@link #CONSENT_REVOKED}, {@link #CONSENT_DENIED}, {@link #CONSENT_EXPIRED}. They hold whatever the case, and an
 * erased person must never be reported under a weaker reason;</li>
 * <li>case-level exclusions: {@link #HIDDEN_CASE}, {@link #INCIDENT};</li>
 * <li>fatigue, which passes with time: {@link #FATIGUE_PERSON}, then {@link #FATIGUE_CHANNEL};</li>
 * <li>{@link #NOT_SAMPLED} last, so the sampling rate is a share of the eligible cases.</li>
 * </ol>
 */
public enum SkipReason {
    /** The person was erased (right to erasure): nothing may be sent. */
    ERASED,
    /** The person opted out of surveys. */
    OPTED_OUT,
    /** The person's consent for {@code surveys} was revoked. */
    CONSENT_REVOKED,
    /** The person's consent for {@code surveys} was denied. */
    CONSENT_DENIED,
    /** The person's consent for {@code surveys} lapsed (a grant past its expiry). */
    CONSENT_EXPIRED,
    /** The case was hidden, or its author flagged as bot or spam. */
    HIDDEN_CASE,
    /** The case is attached to an incident. */
    INCIDENT,
    /** The person had (or has scheduled) a survey on any channel within the person window. */
    FATIGUE_PERSON,
    /** On X: the recipient had (or has scheduled) a survey on X within the X recipient window. */
    FATIGUE_CHANNEL,
    /** Eligible, but not drawn by the sampling rate. */
    NOT_SAMPLED
}
