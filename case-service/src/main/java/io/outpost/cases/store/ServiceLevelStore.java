package io.outpost.cases.store;

import io.outpost.cases.domain.ServiceLevel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the service-level figures need: one row of facts per case opened in a period (the
 * arithmetic is {@link ServiceLevel}'s), and the backlog now. Read-only SQL on the pool: no
 * entities are loaded, so a report over many cases stays one query each.
 */
@ApplicationScoped
public class ServiceLevelStore {

    /** What cases are grouped by; the SQL of each is fixed here, never taken from the request. */
    public enum GroupBy {
        CHANNEL("c.channel"),
        AGENT("coalesce(c.assignee_id::text, 'unassigned')"),
        TEAM("coalesce(c.assignee_team, 'no team')"),
        DAY("to_char(c.opened_at at time zone 'UTC', 'YYYY-MM-DD')");

        private final String sql;

        GroupBy(String sql) {
            this.sql = sql;
        }
    }

    private final Pool pool;

    public ServiceLevelStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Facts of the cases opened (platform time) in [from, to), neither hidden (bot/spam never reached
     * agents) nor merged into another case (its posts count in the case it went into).
     */
    public Uni<List<ServiceLevel.CaseFacts>> facts(Instant from, Instant to, GroupBy groupBy) {
        String sql = "select " + groupBy.sql + " as grp, c.opened_at, c.first_response_at,"
                + " case when c.status in ('resolved', 'closed') then coalesce(c.resolved_at, c.closed_at) end as finished_at,"
                + " (c.first_response_breached_at is not null or c.next_response_breached_at is not null"
                + "  or c.resolution_breached_at is not null"
                + "  or (c.first_response_at is not null and c.first_response_at > c.first_response_due_at)"
                + "  or (c.resolved_at is not null and c.resolved_at > c.resolution_due_at)) as missed,"
                // Responses: replies once delivered, and posts the brand typed on the platform; an echo
                // confirms its reply and is none of its own, nor is the echo of a survey invitation or a
                // consent request (ServiceLevel, ResponseTurns, CasePost.countsAsBrandResponse).
                + " (select count(*) from case_reply r where r.case_id = c.id and r.delivered_at is not null)"
                + "  + (select count(*) from case_post p where p.case_id = c.id and p.from_own_account"
                + "     and p.echo_of_reply_id is null and p.echo_of_message_id is null) as responses,"
                // A reopening by a failed delivery is not one the customer asked for (CaseLifecycle.replyFailed).
                + " exists (select 1 from case_activity a where a.case_id = c.id and a.type = 'status'"
                + "  and a.from_status = 'resolved' and a.to_status = 'open'"
                + "  and coalesce(a.detail, '') not like '" + CaseLifecycle.REOPENED_UNDELIVERED + "%') as reopened"
                + " from customer_case c"
                + " where c.hidden_reason is null and c.merged_into_case_id is null"
                + " and c.opened_at >= $1 and c.opened_at < $2";
        return pool.preparedQuery(sql).execute(Tuple.of(utc(from), utc(to))).map(rows -> {
            List<ServiceLevel.CaseFacts> out = new ArrayList<>();
            for (Row row : rows) {
                out.add(new ServiceLevel.CaseFacts(row.getString("grp"), instant(row, "opened_at"),
                        instant(row, "first_response_at"), instant(row, "finished_at"),
                        Boolean.TRUE.equals(row.getBoolean("missed")), row.getLong("responses").intValue(),
                        Boolean.TRUE.equals(row.getBoolean("reopened"))));
            }
            return out;
        });
    }

    /** Cases not finished now (new, open, pending, on-hold; not hidden), per group. */
    public Uni<Map<String, Long>> backlog(GroupBy groupBy) {
        String sql = "select " + groupBy.sql + " as grp, count(*) as open_cases from customer_case c"
                + " where c.hidden_reason is null and c.status in ('new', 'open', 'pending', 'on-hold') group by 1";
        return pool.query(sql).execute().map(rows -> {
            Map<String, Long> out = new LinkedHashMap<>();
            for (Row row : rows) {
                out.put(row.getString("grp"), row.getLong("open_cases"));
            }
            return out;
        });
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
