package io.outpost.routing.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An agent to create. Presence is read as text so that a wrong value gets a problem naming the field. */
@Schema(description = "A new agent")
public record NewAgent(
        @Schema(description = "The agent's login: the preferred_username (or upn) of their token; unique", example = "dana")
        @NotBlank @Size(max = 256) String username,
        @Schema(description = "The name customers and colleagues see", example = "Dana Scully")
        @NotBlank @Size(max = 256) String displayName,
        @Schema(description = "skill → proficiency 1 (novice) .. 5 (expert)", example = "{\"billing\": 4, \"router\": 2}")
        @Size(max = 100) Map<@NotBlank @Size(max = 64) String, @NotNull @Min(1) @Max(5) Integer> skills,
        @Schema(description = "ISO 639-1 codes the agent answers in", example = "[\"en\", \"de\"]")
        @Size(max = 20) List<@NotNull @Pattern(regexp = "[A-Za-z]{2}", message = "must be an ISO 639-1 code") String> languages,
        @Schema(description = "channel → concurrent cases on it (x, facebook, instagram, messenger, forum, email, chat)",
                example = "{\"x\": 4, \"facebook\": 2}")
        @Size(max = 20) Map<@NotBlank String, @NotNull @Min(0) @Max(100) Integer> channels,
        @Schema(description = "The agent's team (up to 100 characters: it travels in assignment.created)", example = "tier-1")
        @Size(max = 100) String team,
        @Schema(description = "available, busy, away or offline (default)",
                enumeration = { "available", "busy", "away", "offline" })
        @Size(max = 32) String presence,
        @Schema(description = "Whether the agent is a supervisor: the outermost routing ring reaches them (default false)")
        Boolean supervisor) {
}
