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
 * @param intent             the intent of the opening post when known
 * @param sentiment          the opening post's sentiment in [-1, 1] when known
 * @param firstResponseDueAt when the first-response SLA target falls due (optional; orders waiting cases)
 * @param accountId          the platform id of our channel account the customer wrote to, when known
 *                           (optional: added within v1)
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
        String language,
        String intent,
        Double sentiment,
        Instant firstResponseDueAt,
        String accountId) {

    /** A case whose account is not known (events from before v1 had it). */
    public CaseOpened(UUID caseId, Channel channel, Visibility visibility, PostIngested.Author customer,
            UUID firstPostId, Instant openedAt, int priority, List<String> requiredSkills, String language, String intent,
            Double sentiment, Instant firstResponseDueAt) {
        this(caseId, channel, visibility, customer, firstPostId, openedAt, priority, requiredSkills, language, intent,
                sentiment, firstResponseDueAt, null);
    }

    /** A case without the optional intent, sentiment and due time. */
    public CaseOpened(UUID caseId, Channel channel, Visibility visibility, PostIngested.Author customer,
            UUID firstPostId, Instant openedAt, int priority, List<String> requiredSkills, String language) {
        this(caseId, channel, visibility, customer, firstPostId, openedAt, priority, requiredSkills, language, null, null,
                null, null);
    }
}
