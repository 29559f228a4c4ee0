package io.outpost.survey.domain;

/**
 * A person's consent for the purpose {@code surveys}, as crm-link-service reports it.
 * {@link #UNKNOWN} means no consent record exists (no CRM link, or consent events not yet
 * received); it does not block a survey, see {@link SendDecision}.
 */
public enum ConsentStatus {
    GRANTED, DENIED, REVOKED, UNKNOWN
}
