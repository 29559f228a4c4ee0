package io.outpost.survey.store;

import io.outpost.contracts.Channel;
import io.outpost.survey.domain.SurveyCase;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The cases a survey may follow. */
@ApplicationScoped
public class SurveyCaseStore {

    /** Where a page starts: after the case with this (openedAt, caseId), most recently opened first. */
    public record After(Instant openedAt, UUID caseId) {
    }

    private final Clock clock = Clock.systemUTC();

    /** An opened case, as the candidates list records it. */
    public record Opened(UUID caseId, Channel channel, String customerPlatformId, Instant openedAt) {
    }

    /**
     * Records opened cases with one multi-row insert, inside the caller's transaction. A case already
     * recorded (the same case announced again, under the same or a new event id, or twice in one poll)
     * is left as it is: the first record of a case wins, which makes a redelivery change nothing. A case
     * of an erased customer is not recorded: without a {@code processed_event} row, a redelivery after
     * the erasure would otherwise write the customer's platform id back.
     */
    public Uni<Void> recordOpened(List<Opened> opened) {
        if (opened.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder("""
                insert into survey_case (case_id, channel, customer_platform_id, opened_at, recorded_at)
                select c.case_id, c.channel, c.customer_platform_id, c.opened_at, cast(:now as timestamptz)
                from (values """);
        for (int i = 0; i < opened.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(String.format(
                    "(cast(:caseId%1$d as uuid), cast(:channel%1$d as text), cast(:customer%1$d as text),"
                            + " cast(:at%1$d as timestamptz), cast(:hash%1$d as text))", i));
        }
        sql.append("""
                ) as c (case_id, channel, customer_platform_id, opened_at, key_hash)
                where not exists (select 1 from erased_person e where e.key_hash = c.key_hash)
                on conflict (case_id) do nothing""");
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString()).setParameter("now", now);
            for (int i = 0; i < opened.size(); i++) {
                Opened c = opened.get(i);
                query.setParameter("caseId" + i, c.caseId())
                        .setParameter("channel" + i, c.channel().wireName())
                        .setParameter("customer" + i, c.customerPlatformId())
                        .setParameter("at" + i, c.openedAt())
                        .setParameter("hash" + i, PersonStore.hash(PersonStore.personKey(c.channel(), c.customerPlatformId())));
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    /** Deletes the cases recorded for a customer (erasure), in the caller's transaction; returns how many. */
    public Uni<Integer> erase(Channel channel, String customerPlatformId) {
        return SurveyCase.delete("channel = ?1 and customerPlatformId = ?2", channel.wireName(), customerPlatformId)
                .map(Long::intValue);
    }

    /** Up to {@code rows} cases, most recently opened first. */
    @WithSession
    public Uni<List<SurveyCase>> page(Channel channel, After after, int rows) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (channel != null) {
            where.add("channel = :channel");
            params.and("channel", channel.wireName());
        }
        if (after != null) {
            where.add("(openedAt < :afterAt or (openedAt = :afterAt and caseId < :afterId))");
            params.and("afterAt", after.openedAt()).and("afterId", after.caseId());
        }
        String hql = (where.isEmpty() ? "" : String.join(" and ", where) + " ") + "order by openedAt desc, caseId desc";
        return SurveyCase.<SurveyCase>find(hql, params).range(0, rows - 1).list();
    }
}
