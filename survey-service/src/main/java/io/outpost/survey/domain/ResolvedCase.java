package io.outpost.survey.domain;

import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A resolved case, as the sending policy sees it.
 *
 * @param caseId             the case
 * @param channel            where the conversation happened (and where the survey would go)
 * @param personKey          the customer as a person, across channels and accounts
 * @param recipient          the customer's platform user id on {@code channel} (the survey's recipient)
 * @param resolvedAt         when the case was resolved
 * @param hidden             hidden, or authored by a bot or spammer
 * @param attachedToIncident the case is attached to an incident
 */
public record ResolvedCase(UUID caseId, Channel channel, String personKey, String recipient, Instant resolvedAt,
        boolean hidden, boolean attachedToIncident) {

    public ResolvedCase {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        if (personKey == null || personKey.isBlank()) {
            throw new IllegalArgumentException("case " + caseId + " has no person key");
        }
        if (recipient == null || recipient.isBlank()) {
            throw new IllegalArgumentException("case " + caseId + " has no recipient");
        }
    }
}
