package io.outpost.survey.api;

import io.outpost.contracts.Channel;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.outpost.survey.domain.OpeningSentiment;
import io.outpost.survey.domain.ReportCsv;
import io.outpost.survey.domain.Survey;
import io.outpost.survey.domain.SurveyRecord;
import io.outpost.survey.domain.SurveyReport;
import io.outpost.survey.domain.SurveyState;
import io.outpost.survey.store.SurveyStore;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;

/** The survey report: NPS (with its interval), CSAT, CES, response rate, by agent, team, channel, week and opening sentiment. */
@Path("/api/v1/survey-reports")
public class SurveyReportsResource {

    static final String CSV = "text/csv";
    /** The default period: the last 12 weeks. */
    static final int DEFAULT_DAYS = 84;
    /** The longest period: a year and a day (reports are computed in memory from the surveys sent). */
    static final int MAX_DAYS = 366;

    private final SurveyStore surveys;

    public SurveyReportsResource(SurveyStore surveys) {
        this.surveys = surveys;
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.ADMIN })
    @Produces({ MediaType.APPLICATION_JSON, CSV })
    @Operation(summary = "Survey report", description = "Roles: supervisor, admin. Surveys sent in [from, to) (UTC days), "
            + "JSON or CSV (Accept: text/csv, or format=csv).")
    @APIResponse(responseCode = "200", description = "The report", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportView.class)),
            @Content(mediaType = CSV) })
    @APIResponse(responseCode = "400", description = "Bad from, to or format (problem details)")
    public Uni<Response> report(
            @Parameter(description = "First day, inclusive (YYYY-MM-DD, UTC); default 84 days before to") @QueryParam("from") String from,
            @Parameter(description = "Last day, exclusive (YYYY-MM-DD, UTC); default tomorrow") @QueryParam("to") String to,
            @Parameter(description = "json or csv; overrides Accept") @QueryParam("format") String format,
            @RestHeader(HttpHeaders.ACCEPT) String accept) {
        LocalDate end = to == null || to.isBlank() ? LocalDate.now(ZoneOffset.UTC).plusDays(1) : date("to", to);
        LocalDate start = from == null || from.isBlank() ? end.minusDays(DEFAULT_DAYS) : date("from", from);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("from (" + start + ") must be before to (" + end + ")");
        }
        if (ChronoUnit.DAYS.between(start, end) > MAX_DAYS) {
            throw ApiException.badRequest("a report covers at most " + MAX_DAYS + " days, asked for "
                    + ChronoUnit.DAYS.between(start, end));
        }
        boolean csv = csv(format, accept);
        return surveys.sentBetween(start.atStartOfDay(ZoneOffset.UTC).toInstant(), end.atStartOfDay(ZoneOffset.UTC).toInstant())
                .map(rows -> SurveyReport.build(rows.stream().map(SurveyReportsResource::record).toList()))
                .map(rows -> csv
                        ? Response.ok(ReportCsv.write(rows), CSV + "; charset=utf-8")
                                .header("Content-Disposition", "attachment; filename=\"survey-report-" + start + "-" + end + ".csv\"")
                                .build()
                        : Response.ok(new ReportView(start, end, rows.stream().map(ReportView.Row::of).toList()),
                                MediaType.APPLICATION_JSON).build());
    }

    private static SurveyRecord record(Survey s) {
        Integer score = SurveyState.fromWire(s.state) == SurveyState.ANSWERED ? s.score : null;
        return new SurveyRecord(s.caseId, s.surveyKind(), s.agentId == null ? null : s.agentId.toString(), s.team,
                Channel.fromWire(s.channel), OpeningSentiment.valueOf(s.openingSentiment.toUpperCase(Locale.ROOT)),
                s.sentAt, score);
    }

    private static boolean csv(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ApiException.badRequest("format '" + RequestValues.clip(format) + "' is not json or csv");
            };
        }
        // JSON unless the client prefers CSV: a JSON or wildcard Accept listed first keeps JSON.
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            String type = part.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (type.equals(CSV)) {
                return true;
            }
            if (type.equals(MediaType.APPLICATION_JSON) || type.equals("*/*") || type.equals("application/*")) {
                return false;
            }
        }
        return false;
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " '" + RequestValues.clip(value) + "' is not a date (YYYY-MM-DD)");
        }
    }
}
