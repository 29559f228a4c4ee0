package io.outpost.survey.api;

import io.outpost.survey.domain.FatigueLimit;
import io.outpost.survey.domain.SurveyPolicy;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The sending policy in force. Durations are ISO-8601 ("PT1H", "PT168H"). */
@Schema(description = "The survey sending policy in force")
public record PolicyView(
        @Schema(description = "Time between resolution and survey", example = "PT1H") String delayAfterResolution,
        @Schema(description = "How long a survey accepts an answer", example = "PT168H") String responseWindow,
        @Schema(description = "Share of eligible cases surveyed, 0.0 to 1.0", example = "1.0") double samplingRate,
        Fatigue fatigue) {

    /** At most {@code max} surveys within {@code window}. */
    public record Limit(int max, @Schema(example = "PT720H") String window) {
        static Limit of(FatigueLimit limit) {
            return new Limit(limit.max(), limit.window().toString());
        }
    }

    /**
     * @param perPerson     across all channels, per person
     * @param perXRecipient on X, per recipient (the platform's limit)
     */
    public record Fatigue(Limit perPerson, Limit perXRecipient) {
    }

    static PolicyView of(SurveyPolicy p) {
        return new PolicyView(p.delayAfterResolution().toString(), p.responseWindow().toString(), p.samplingRate(),
                new Fatigue(Limit.of(p.perPerson()), Limit.of(p.perXRecipient())));
    }
}
