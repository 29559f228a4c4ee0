package io.outpost.routing.domain;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@link RoutingRules} as JSON: the body of {@code PUT /api/v1/routing-rules} and the stored form.
 * Times in seconds; a null ring threshold is a ring that never opens.
 */
@Schema(description = "Routing rules: bullseye rings, queues, offers, preferred agent")
public record RulesDocument(
        @Schema(description = "Proficiency (1-5) every required skill needs in ring 0", example = "3")
        @NotNull @Min(1) @Max(5) Integer initialProficiency,
        @Schema(description = "Proficiency needed from ring 1 on", example = "1")
        @NotNull @Min(1) @Max(5) Integer loweredProficiency,
        @Schema(description = "T1: seconds of waiting before the lowered proficiency will do (null: never)", example = "60")
        @Min(0) @Max(604800) Long lowerProficiencyAfterSeconds,
        @Schema(description = "T2: seconds before optional skills are dropped (null: never)", example = "120")
        @Min(0) @Max(604800) Long dropOptionalSkillsAfterSeconds,
        @Schema(description = "T3: seconds before any agent of the queue's team qualifies (null: never)", example = "300")
        @Min(0) @Max(604800) Long teamAfterSeconds,
        @Schema(description = "T4: seconds before any supervisor qualifies (null: never)", example = "600")
        @Min(0) @Max(604800) Long supervisorsAfterSeconds,
        @Schema(description = "Skills that help but are dropped from ring 2 on")
        @Size(max = 200) Set<@NotBlank @Size(max = 64) String> optionalSkills,
        @Schema(description = "Queues in order: a case is in the first one sharing one of its skills")
        @Size(max = 200) List<@Valid @NotNull Queue> queues,
        @Schema(description = "true: routed cases are assigned at once; false: offered, the agent accepts or declines")
        @NotNull Boolean autoAccept,
        @Schema(description = "Seconds an offer stays open", example = "60")
        @NotNull @Min(1) @Max(86400) Long offerTimeoutSeconds,
        @Schema(description = "Seconds a returning customer's case waits for their previous agent", example = "30")
        @NotNull @Min(0) @Max(86400) Long preferredAgentWaitSeconds) {

    /** A queue and the team that owns it. */
    public record Queue(
            @Schema(example = "billing") @NotBlank @Size(max = 64) String name,
            @Schema(example = "tier-1") @Size(max = 100) String team,
            @Schema(example = "[\"billing\", \"refunds\"]") @NotNull @Size(min = 1, max = 100) Set<@NotBlank @Size(max = 64) String> skills) {
    }

    public static RulesDocument of(RoutingRules r) {
        return new RulesDocument(r.initialProficiency(), r.loweredProficiency(), seconds(r.lowerProficiencyAfter()),
                seconds(r.dropOptionalSkillsAfter()), seconds(r.teamAfter()), seconds(r.supervisorsAfter()),
                new java.util.TreeSet<>(r.optionalSkills()),
                r.queues().stream().map(q -> new Queue(q.name(), q.team(), new java.util.TreeSet<>(q.skills()))).toList(),
                r.autoAccept(), r.offerTimeout().toSeconds(), r.preferredAgentWait().toSeconds());
    }

    /** The rules, with skills in their stored (lower-case) form. */
    public RoutingRules toRules() {
        return new RoutingRules(initialProficiency, loweredProficiency, duration(lowerProficiencyAfterSeconds),
                duration(dropOptionalSkillsAfterSeconds), duration(teamAfterSeconds), duration(supervisorsAfterSeconds),
                normalized(optionalSkills),
                queues == null ? List.of() : queues.stream()
                        .map(q -> new RoutingRules.QueueRule(q.name().trim(), q.team() == null || q.team().isBlank() ? null : q.team().trim(),
                                normalized(q.skills())))
                        .toList(),
                autoAccept, duration(offerTimeoutSeconds), duration(preferredAgentWaitSeconds));
    }

    private static Set<String> normalized(Set<String> skills) {
        return skills == null ? Set.of()
                : skills.stream().map(RoutingDecision::normalized).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.toSeconds();
    }

    private static Duration duration(Long seconds) {
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }
}
