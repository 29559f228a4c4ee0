package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A new case, ready to route. Topic {@code outpost.cases}, key: the case id.
 *
 * @param caseId             the case
 * @param channel            where the customer wrote
 * @param visibility         whether the conversation began in public
 * @param customer           who the customer is on the platform (never CRM data)
 * @param firstPostId        the post that opened the case
 * @param openedAt           the platform time of that post
 * @param priority           1 (urgent) .. 4 (low)
 * @param requiredSkills     skills an agent needs to take it
 * @param language           ISO 639-1 code when known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseOpened(
        UUID caseId,
        Channel channel,
        Visibility visibility,
        PostIngested.Author customer,
        UUID firstPostId,
        Instant openedAt,
        int priority,
        List<String> requiredSkills,
        String language) {
}
