package io.outpost.survey.store;

import io.outpost.contracts.Channel;
import io.outpost.survey.domain.CancelReason;
import io.outpost.survey.domain.Survey;
import io.outpost.survey.domain.SurveyHistory;
import io.outpost.survey.domain.SurveyState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Surveys: decisions, sending, answers, expiry, erasure. Writes run in the caller's transaction;
 * the reads marked {@code @WithSession} open their own session.
 */
@ApplicationScoped
public class SurveyStore {

    private static final List<String> FATIGUE_STATES = Arrays.stream(SurveyState.values())
            .filter(SurveyState::countsForFatigue).map(SurveyState::wireName).toList();

    /** Where a page starts: after the survey with this (decidedAt, id), most recent first. */
    public record After(Instant decidedAt, UUID id) {
    }

    public Uni<Survey> byCase(UUID caseId) {
        return Survey.<Survey>find("caseId", caseId).firstResult();
    }

    /**
     * The person's surveys that were or will be in front of them, except the one about
     * {@code exceptCase}: those of this account, and of every account linked to the same CRM customer.
     */
    public Uni<SurveyHistory> history(String personKey, Channel channel, String platformUserId, UUID exceptCase) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                select * from survey where case_id <> :caseId and state in (:states) and (person_key = :key
                    or person_key in (select other.channel || ':' || other.platform_user_id
                                      from identity_link mine join identity_link other on other.customer_id = mine.customer_id
                                      where mine.channel = :channel and mine.platform_user_id = :id))""", Survey.class)
                .setParameter("caseId", exceptCase)
                .setParameter("states", FATIGUE_STATES)
                .setParameter("key", personKey)
                .setParameter("channel", channel.wireName())
                .setParameter("id", platformUserId.strip())
                .getResultList())
                .map(rows -> new SurveyHistory(rows.stream()
                        .map(s -> new SurveyHistory.Entry(s.sentAt != null ? s.sentAt : s.sendAt,
                                Channel.fromWire(s.channel), s.recipient))
                        .toList()));
    }

    /**
     * Due surveys, locked for this transaction; rows another replica has locked are skipped, so two
     * senders never send the same survey and neither waits for the other.
     */
    public Uni<List<Survey>> lockDue(Instant now, int limit) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                select * from survey where state = 'scheduled' and send_at <= :now
                order by send_at, id limit :limit for update skip locked""", Survey.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** Sent surveys whose answer window closed become expired; returns how many. */
    public Uni<Integer> expireOverdue(Instant now) {
        return Panache.getSession().chain(s -> s
                .createNativeQuery("update survey set state = 'expired' where state = 'sent' and expires_at <= :now")
                .setParameter("now", now)
                .executeUpdate());
    }

    /** Withdraws the case's survey if it is still scheduled; returns how many (0 or 1). */
    public Uni<Integer> cancelScheduled(UUID caseId, CancelReason reason) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "update survey set state = 'cancelled', reason = :reason where case_id = :caseId and state = 'scheduled'")
                .setParameter("reason", reason.name())
                .setParameter("caseId", caseId)
                .executeUpdate());
    }

    /** Withdraws every scheduled or open (sent, unanswered) survey of a person; returns how many. */
    public Uni<Integer> cancelForPerson(String personKey, CancelReason reason) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                update survey set state = 'cancelled', reason = :reason
                where person_key = :key and state in ('scheduled', 'sent')""")
                .setParameter("reason", reason.name())
                .setParameter("key", personKey)
                .executeUpdate());
    }

    /**
     * Anonymises a person's surveys: recipient and person key replaced, comments removed, open ones
     * cancelled. Scores stay (without the person they are not personal data) so reports keep their
     * totals. Returns the rows changed.
     */
    public Uni<Integer> erase(String personKey) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                update survey set recipient = :erased, person_key = :erased, comment = null,
                    reason = case when state in ('scheduled', 'sent') then :reason else reason end,
                    state = case when state in ('scheduled', 'sent') then 'cancelled' else state end
                where person_key = :key""")
                .setParameter("erased", Survey.ERASED)
                .setParameter("reason", CancelReason.ERASED.name())
                .setParameter("key", personKey)
                .executeUpdate());
    }

    /**
     * The survey, locked until the transaction ends and read again under the lock (an answer is
     * recorded once). The refresh matters when the session already holds the row, read before
     * another transaction answered it: a plain find would return that stale copy.
     */
    public Uni<Survey> lock(UUID id) {
        return Panache.getSession().chain(session -> session.find(Survey.class, id).chain(found -> found == null
                ? Uni.createFrom().<Survey>nullItem()
                : session.refresh(found, LockModeType.PESSIMISTIC_WRITE).replaceWith(found)));
    }

    @WithSession
    public Uni<Survey> find(UUID id) {
        return Survey.findById(id);
    }

    /** The latest survey sent to this recipient on this channel before {@code at} that still takes an answer. */
    public Uni<Survey> openFor(Channel channel, String recipient, Instant at) {
        return Survey.<Survey>find("channel = ?1 and recipient = ?2 and state = 'sent' and sentAt <= ?3 and expiresAt > ?3 "
                + "order by sentAt desc", channel.wireName(), recipient, at).firstResult();
    }

    /** Up to {@code rows} surveys, most recently decided first. */
    @WithSession
    public Uni<List<Survey>> page(UUID caseId, SurveyState state, After after, int rows) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (caseId != null) {
            where.add("caseId = :caseId");
            params.and("caseId", caseId);
        }
        if (state != null) {
            where.add("state = :state");
            params.and("state", state.wireName());
        }
        if (after != null) {
            where.add("(decidedAt < :afterAt or (decidedAt = :afterAt and id < :afterId))");
            params.and("afterAt", after.decidedAt()).and("afterId", after.id());
        }
        String hql = (where.isEmpty() ? "" : String.join(" and ", where) + " ") + "order by decidedAt desc, id desc";
        return Survey.<Survey>find(hql, params).range(0, rows - 1).list();
    }

    /** Surveys sent in [from, to): what the reports count. */
    @WithSession
    public Uni<List<Survey>> sentBetween(Instant from, Instant to) {
        return Survey.<Survey>list("sentAt >= ?1 and sentAt < ?2 and state in ?3", from, to,
                List.of(SurveyState.SENT.wireName(), SurveyState.ANSWERED.wireName(), SurveyState.EXPIRED.wireName()));
    }
}
