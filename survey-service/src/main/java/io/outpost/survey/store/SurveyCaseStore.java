package io.outpost.survey.store;

import io.outpost.contracts.Channel;
import io.outpost.survey.domain.SurveyCase;
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

    /**
     * Records an opened case, inside the caller's transaction. A case already recorded (the same
     * case announced again under a new event id) is left as it is.
     */
    public Uni<Void> recordOpened(UUID caseId, Channel channel, String customerPlatformId, Instant openedAt) {
        return SurveyCase.<SurveyCase>findById(caseId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            SurveyCase c = new SurveyCase();
            c.caseId = caseId;
            c.channel = channel.wireName();
            c.customerPlatformId = customerPlatformId;
            c.openedAt = openedAt;
            c.recordedAt = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
            return c.persist().replaceWithVoid();
        });
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
