package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * An open offer ({@link OfferMade} without auto-accept) ended; published once per offer. Topic
 * {@code outpost.assignments}, key: the agent id.
 *
 * @param outcome accepted (by the agent, or by case-service giving the case to that agent), declined
 *                by the agent, lapsed (the agent did not answer in time), or withdrawn (the case went
 *                elsewhere: the agent left, the case changed, was reassigned or resolved)
 * @param reason  declined: the agent's reason, when they gave one; withdrawn: why (agent-unavailable,
 *                requeued, reassigned, unassigned, resolved, closed); otherwise absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OfferEnded(
        UUID offerId,
        UUID caseId,
        UUID agentId,
        String agentUsername,
        Outcome outcome,
        String reason,
        Instant endedAt) {

    /** The longest decline reason an agent may give (the schema's limit). */
    public static final int MAX_REASON = 200;

    public enum Outcome {
        ACCEPTED, DECLINED, LAPSED, WITHDRAWN;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Outcome fromWire(String value) {
            return Outcome.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
