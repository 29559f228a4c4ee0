package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * routing-service offered a case to an agent (or, with auto-accept, gave it to them at once), so a
 * console can show the offer live. Topic {@code outpost.assignments}, key: the agent id, so one
 * agent's offers and their ends stay in order. An offer that was not auto-accepted ends with exactly
 * one {@link OfferEnded}; an auto-accepted one is followed by {@link AssignmentCreated} instead.
 * <p>
 * Routing facts only, no customer content (handle, text): routing-service does not hold them, and
 * a Kafka record cannot be erased; the console reads the case summary from case-service by case id.
 *
 * @param offerId       the offer; the same id as the assignment it becomes
 * @param agentUsername the agent's login (their token's {@code preferred_username}), which a console
 *                      matches its signed-in agent by
 * @param queue         the queue the routing rules put the case in
 * @param requiredSkills the skills the case needs
 * @param language      the case's language, when known
 * @param dueAt         when the case's next SLA target falls due, when it has one
 * @param expiresAt     when the offer lapses (the console's countdown); absent when auto-accepted
 * @param autoAccept    true: the case is already the agent's (open it directly), no answer is expected
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OfferMade(
        UUID offerId,
        UUID caseId,
        UUID agentId,
        String agentUsername,
        Channel channel,
        int priority,
        String queue,
        List<String> requiredSkills,
        String language,
        Instant dueAt,
        Instant offeredAt,
        Instant expiresAt,
        boolean autoAccept) {
}
