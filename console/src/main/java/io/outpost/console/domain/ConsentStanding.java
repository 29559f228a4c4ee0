package io.outpost.console.domain;

import java.time.Instant;

/**
 * Where the customer's identity-link consent stands, as the case page's consent panel says it, and
 * whether the agent may ask (again). Asking is offered when nothing is granted and no request waits
 * for an answer: a second DM while the first link still works would only pester the person.
 *
 * @param state words for the panel: granted, requested, declined, withdrawn, expired, not asked
 * @param at    when: the request's time for requested, the decision's time otherwise (null when unknown)
 */
public record ConsentStanding(String state, Instant at, boolean canAsk) {

    /**
     * @param identityLinkStatus crm-link's status of the identity-link purpose: none, granted, denied, revoked, expired
     * @param pendingAt          when the newest unanswered request asking for identity-link was sent, or null
     */
    public static ConsentStanding of(String identityLinkStatus, Instant decidedAt, Instant pendingAt) {
        String status = identityLinkStatus == null ? "none" : identityLinkStatus;
        if ("granted".equals(status)) {
            return new ConsentStanding("granted", decidedAt, false);
        }
        if (pendingAt != null) {
            return new ConsentStanding("requested", pendingAt, false);
        }
        switch (status) {
            case "denied":
                return new ConsentStanding("declined", decidedAt, true);
            case "revoked":
                return new ConsentStanding("withdrawn", decidedAt, true);
            case "expired":
                return new ConsentStanding("expired", decidedAt, true);
            default:
                return new ConsentStanding("not asked", null, true);
        }
    }
}
