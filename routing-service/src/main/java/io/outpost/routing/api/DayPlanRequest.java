package io.outpost.routing.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A plan of consecutive intervals (e.g. a day of 48 half hours) sharing handle time, concurrency and targets. */
@Schema(description = "Intervals to staff with shared handle time, concurrency and targets")
public record DayPlanRequest(
        @Schema(description = StaffingParameters.INTERVAL_MINUTES, example = "30", defaultValue = "30")
        @Min(1) @Max(1440) Integer intervalMinutes,
        @Schema(description = StaffingParameters.AHT, example = "180")
        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("86400") Double averageHandleTimeSeconds,
        @Schema(description = StaffingParameters.CONCURRENCY, example = "1", defaultValue = "1")
        @Min(1) @Max(100) Integer concurrency,
        @Schema(description = StaffingParameters.TARGET_SERVICE_LEVEL, example = "0.8")
        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false) Double targetServiceLevel,
        @Schema(description = StaffingParameters.TARGET_ANSWER, example = "20")
        @NotNull @DecimalMin("0") @DecimalMax("86400") Double targetAnswerSeconds,
        @Schema(description = StaffingParameters.SHRINKAGE, example = "0.3", defaultValue = "0")
        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double shrinkage,
        @Schema(description = StaffingParameters.TEAM, example = "tier-1")
        @Size(max = 128) String team,
        @Schema(description = "The intervals in order, 1 to " + DayPlanRequest.MAX_INTERVALS
                + " (two weeks of half hours)")
        @NotNull @Size(min = 1, max = DayPlanRequest.MAX_INTERVALS) List<@Valid @NotNull Interval> intervals) {

    public static final int MAX_INTERVALS = 672;

    /** One interval of the plan. */
    @Schema(description = "One interval of the plan")
    public record Interval(
            @Schema(description = "A label echoed in the answer, e.g. the start time", example = "08:00")
            @Size(max = 64) String start,
            @Schema(description = "Cases expected in the interval (a forecast, may be fractional)", example = "100")
            @NotNull @DecimalMin("0") @DecimalMax("1000000") Double arrivals) {
    }

    StaffingParameters parameters() {
        return StaffingParameters.of(intervalMinutes, averageHandleTimeSeconds, concurrency, targetServiceLevel,
                targetAnswerSeconds, shrinkage, team);
    }
}
