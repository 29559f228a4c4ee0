package io.outpost.survey.domain;

import java.util.Objects;

/**
 * What the policy must know about the person before surveying them.
 *
 * @param optedOut      the person asked for no more surveys
 * @param surveyConsent consent for the purpose {@code surveys}
 * @param erased        the person was erased
 */
public record PersonStatus(boolean optedOut, ConsentStatus surveyConsent, boolean erased) {

    public PersonStatus {
        Objects.requireNonNull(surveyConsent, "surveyConsent");
    }

    /** Not opted out, consent unknown, not erased. */
    public static PersonStatus unknownConsent() {
        return new PersonStatus(false, ConsentStatus.UNKNOWN, false);
    }
}
