package io.outpost.routing.api;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One interval to staff: its expected cases and the service to give them. */
@Schema(description = "One interval to staff (Erlang C with concurrency)")
public record IntervalStaffingRequest(
        @Schema(description = "Cases expected in the interval (a forecast, may be fractional)", example = "100")
        @NotNull @DecimalMin("0") @DecimalMax("1000000") Double arrivals,
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
        @Size(max = 128) String team) {

    StaffingParameters parameters() {
        return StaffingParameters.of(intervalMinutes, averageHandleTimeSeconds, concurrency, targetServiceLevel,
                targetAnswerSeconds, shrinkage, team);
    }
}
