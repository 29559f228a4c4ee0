package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * ingest-service saw many posts on one subject in a sliding window: an incident (an outage, a
 * billing run gone wrong) may be behind them. One event per surge — the same surge seen again in a
 * later window keeps its {@code suggestionId} and is not published again. case-service turns it
 * into a suggested incident a supervisor confirms or dismisses. Topic {@code outpost.posts}, key:
 * {@code incident:<subject>[:<region>]}, so one subject's suggestions stay in order.
 *
 * @param suggestionId   the surge (stable while it lasts)
 * @param subject        what the posts are about: the intent that surged (e.g. {@code outage})
 * @param region         where, when the posts tell (e.g. a country code); absent otherwise
 * @param windowStart    start of the window the posts were counted in
 * @param windowEnd      end of that window
 * @param posts          posts on the subject in the window
 * @param usualPerWindow the usual number in a window of that length (the baseline)
 * @param samplePostIds  a few of the posts (Outpost post ids), most recent first
 * @param suggestedAt    when the surge was detected
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentSuggested(
        UUID suggestionId,
        String subject,
        String region,
        Instant windowStart,
        Instant windowEnd,
        int posts,
        double usualPerWindow,
        List<UUID> samplePostIds,
        Instant suggestedAt) {
}
