package io.outpost.console.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The parts of the supervisor APIs the console's supervisor pages show (routing's agents and queues,
 * case-service's service level and canned responses). Unknown fields are ignored.
 */
public final class SupervisionViews {

    private SupervisionViews() {
    }

    /** routing-service {@code GET /api/v1/agents}: one page, ordered by username. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AgentPage(List<Views.Agent> items, long total, int offset, int limit) {
    }

    /** routing-service {@code GET /api/v1/queues}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Queues(Instant asOf, List<QueueFigures> queues, List<QueueFigures> skills) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QueueFigures(String name, long waiting, long offered, Instant oldestWaitingSince, long longestWaitSeconds) {
    }

    /** case-service {@code GET /api/v1/metrics/service-level}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ServiceLevel(Instant from, Instant to, String groupBy, List<LevelGroup> groups, LevelGroup total) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LevelGroup(String group, int cases, Percentiles firstResponse, Double slaAttainmentPercent,
            Percentiles resolution, Double firstContactResolutionPercent, Double responseRatePercent, long backlog) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Percentiles(Long p50Seconds, Long p90Seconds) {
    }

    /** case-service {@code PATCH /api/v1/cases/{id}} with only the assignee (supervisors and admins). */
    public record AssignRequest(AssigneeRequest assignee) {
    }

    public record AssigneeRequest(String id, String name, String team, String username) {
    }

    /** case-service's canned response with everything the management page edits. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Canned(UUID id, String team, String title, String text, List<String> placeholders, String channel,
            String language, List<String> tags, String createdBy, Instant createdAt, String updatedBy, Instant updatedAt,
            long version) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CannedPage(List<Canned> items, String nextCursor) {
    }

    /** Create (no version) or replace (the version read) a canned response. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CannedRequest(String team, String title, String text, String channel, String language, List<String> tags,
            Long version) {
    }
}
