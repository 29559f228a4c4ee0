package io.outpost.cases.store;

import io.outpost.cases.domain.CaseActivity;
import io.outpost.cases.domain.CaseStatus;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.cases.domain.Incident;
import io.outpost.cases.domain.IncidentStatus;
import io.outpost.cases.domain.ReplyRules;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.IncidentSuggested;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.PageCursor;
import io.outpost.kit.messaging.Outbox;
import io.outpost.kit.messaging.PoisonEventException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Incidents: suggestions from surge detection, incidents opened by hand, the cases attached to
 * them, the one proactive post and the closing (closing post and resolution of the attached cases
 * in one transaction). A case is attached by one conditional UPDATE of its row, so two incidents
 * racing for one case cannot both get it.
 */
@ApplicationScoped
public class IncidentStore {

    /** An incident and the ids of the cases attached to it. */
    public record WithCases(Incident incident, List<UUID> caseIds) {
    }

    /** One page of incidents, newest first. */
    public record Page(List<Incident> items, PageCursor next) {
    }

    /** Where a brand post goes: the channel and, when not the channel's default, our account. */
    public record BrandPost(Channel channel, String accountId, String text) {
    }

    private final Outbox outbox;
    private final CaseLifecycle lifecycle;
    private final Clock clock = Clock.systemUTC();

    public IncidentStore(Outbox outbox, CaseLifecycle lifecycle) {
        this.outbox = outbox;
        this.lifecycle = lifecycle;
    }

    /**
     * A surge became a suggested incident, inside the inbox's transaction. The same surge seen again
     * (same suggestionId, under another event id) changes nothing: the insert does nothing on conflict.
     */
    public Uni<Void> suggested(IncidentSuggested event) {
        if (event.suggestionId() == null || event.subject() == null || event.subject().isBlank()) {
            throw new PoisonEventException("incident.suggested without suggestionId or subject");
        }
        Instant now = now();
        String subject = clip(event.subject().strip(), 100);
        String region = event.region() == null || event.region().isBlank() ? null : clip(event.region().strip(), 100);
        String title = "Surge: " + subject + (region == null ? "" : " in " + region) + " (" + event.posts() + " posts)";
        String[] samples = event.samplePostIds() == null ? new String[0]
                : event.samplePostIds().stream().filter(java.util.Objects::nonNull).limit(50).map(UUID::toString)
                        .toArray(String[]::new);
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into incident (id, status, title, "
                + "subject, region, suggestion_id, suggested_posts, usual_per_window, window_start, window_end, "
                + "sample_post_ids, created_at, updated_at) values (:id, :status, :title, :subject, :region, :suggestion, "
                + ":posts, :usual, :windowStart, :windowEnd, :samples, :now, :now) "
                + "on conflict (suggestion_id) do nothing")
                .setParameter("id", UUID.randomUUID())
                .setParameter("status", IncidentStatus.SUGGESTED.wireName())
                .setParameter("title", title)
                .setParameter("subject", subject)
                .setParameter("region", region)
                .setParameter("suggestion", event.suggestionId())
                .setParameter("posts", event.posts())
                .setParameter("usual", event.usualPerWindow())
                .setParameter("windowStart", micros(event.windowStart()))
                .setParameter("windowEnd", micros(event.windowEnd()))
                .setParameter("samples", samples)
                .setParameter("now", now)
                .executeUpdate()).replaceWithVoid();
    }

    /** An incident opened by hand (open at once: a person decided it is one). */
    @WithTransaction
    public Uni<Incident> create(String title, String subject, String region, String by) {
        Instant now = now();
        Incident incident = new Incident();
        incident.id = UUID.randomUUID();
        incident.status = IncidentStatus.OPEN.wireName();
        incident.title = title;
        incident.subject = subject;
        incident.region = region;
        incident.createdAt = now;
        incident.createdBy = by;
        incident.decidedAt = now;
        incident.decidedBy = by;
        incident.updatedAt = now;
        return incident.persist();
    }

    /** Confirms (open) or dismisses a suggestion; 409 from any other state. */
    @WithTransaction
    public Uni<Incident> decide(UUID id, IncidentStatus to, String by) {
        return load(id).map(incident -> {
            requireMove(incident, to);
            Instant now = now();
            incident.status = to.wireName();
            incident.decidedAt = now;
            incident.decidedBy = by;
            incident.updatedAt = now;
            return incident;
        });
    }

    /**
     * Attaches a case. 404 unknown case (or hidden: bot/spam cases are nobody's crisis), 409 the
     * incident is not open or the case is attached to another open incident. Attaching twice is no change.
     */
    @WithTransaction
    public Uni<Incident> attach(UUID id, UUID caseId, String by) {
        return load(id).chain(incident -> {
            requireOpen(incident, "attach cases to");
            return CustomerCase.<CustomerCase>findById(caseId).chain(kase -> {
                if (kase == null || kase.hidden()) {
                    return Uni.createFrom().failure(ApiException.notFound("no case " + caseId));
                }
                if (id.equals(kase.incidentId)) {
                    return Uni.createFrom().item(incident);
                }
                return Panache.getSession().chain(session -> session.createNativeQuery("update customer_case set "
                        + "incident_id = :incident where id = :case and (incident_id is null or incident_id in "
                        + "(select i.id from incident i where i.status <> 'open'))")
                        .setParameter("incident", id).setParameter("case", caseId).executeUpdate())
                        .chain(updated -> updated == 0
                                ? Uni.createFrom().failure(ApiException.conflict("case " + caseId
                                        + " is attached to another open incident (" + kase.incidentId + "); detach it there first"))
                                : CaseActivity.of(caseId, CaseActivity.INCIDENT_ATTACHED, now(), by, id.toString())
                                        .persist().replaceWith(incident));
            });
        });
    }

    /** Detaches a case; 404 when it is not attached to this incident, 409 when the incident is not open. */
    @WithTransaction
    public Uni<Void> detach(UUID id, UUID caseId, String by) {
        return load(id).chain(incident -> {
            requireOpen(incident, "detach cases from");
            return Panache.getSession().chain(session -> session.createNativeQuery("update customer_case set "
                    + "incident_id = null where id = :case and incident_id = :incident")
                    .setParameter("incident", id).setParameter("case", caseId).executeUpdate())
                    .chain(updated -> updated == 0
                            ? Uni.createFrom().failure(ApiException.notFound("case " + caseId
                                    + " is not attached to incident " + id))
                            : CaseActivity.of(caseId, CaseActivity.INCIDENT_DETACHED, now(), by, id.toString())
                                    .persist().replaceWithVoid());
        });
    }

    /**
     * The incident's one proactive post, through the outbox ({@code outbound.requested} kind
     * {@code public-post}, key: the incident id). 409 when one was already requested or the incident
     * is not open; 422 when the text breaks a public-post rule (a link without an answer, too long
     * for x as x counts it).
     */
    @WithTransaction
    public Uni<Incident> proactivePost(UUID id, BrandPost post, String by) {
        return load(id).chain(incident -> {
            requireOpen(incident, "post for");
            if (incident.proactiveMessageId != null) {
                return Uni.createFrom().failure(ApiException.conflict("incident " + id
                        + " already has its proactive post (" + incident.proactiveMessageId + ")"));
            }
            requireAcceptable(post);
            Instant now = now();
            incident.proactiveMessageId = UUID.randomUUID();
            incident.proactiveChannel = post.channel().wireName();
            incident.proactiveAccountId = post.accountId();
            incident.proactiveText = post.text();
            incident.proactiveAt = now;
            incident.proactiveBy = by;
            incident.updatedAt = now;
            return publish(incident, incident.proactiveMessageId, post, now).replaceWith(incident);
        });
    }

    /**
     * Closes the incident proactively: the closing post goes to the outbox and every attached case
     * that is not resolved or closed yet is resolved, all in this one transaction (a refusal of any
     * part writes nothing). The channel and account default to the proactive post's.
     */
    @WithTransaction
    public Uni<Incident> close(UUID id, String text, Channel channel, String accountId, String by) {
        return load(id).chain(incident -> {
            requireMove(incident, IncidentStatus.CLOSED);
            Channel where = channel != null ? channel
                    : incident.proactiveChannel == null ? null : Channel.fromWire(incident.proactiveChannel);
            if (where == null) {
                return Uni.createFrom().failure(ApiException.badRequest(
                        "channel is required: the incident has no proactive post to take it from"));
            }
            BrandPost post = new BrandPost(where, accountId != null ? accountId : incident.proactiveAccountId, text);
            requireAcceptable(post);
            Instant now = now();
            incident.status = IncidentStatus.CLOSED.wireName();
            incident.closingMessageId = UUID.randomUUID();
            incident.closingText = text;
            incident.closedAt = now;
            incident.closedBy = by;
            incident.updatedAt = now;
            CaseLifecycle.Actor actor = new CaseLifecycle.Actor(by, true);
            return publish(incident, incident.closingMessageId, post, now)
                    .chain(() -> CustomerCase.<CustomerCase>list("incidentId = ?1 and status not in ?2", id,
                            List.of(CaseStatus.RESOLVED.wireName(), CaseStatus.CLOSED.wireName())))
                    .chain(cases -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (CustomerCase kase : cases) {
                            chain = chain.chain(() -> lifecycle.resolveForIncident(kase, actor, id));
                        }
                        return chain;
                    })
                    .replaceWith(incident);
        });
    }

    @WithSession
    public Uni<WithCases> get(UUID id) {
        return Incident.<Incident>findById(id).chain(incident -> incident == null
                ? Uni.createFrom().nullItem()
                : attachedCaseIds(id).map(ids -> new WithCases(incident, ids)));
    }

    /** The cases attached to the incident, oldest opening first. */
    @WithSession
    public Uni<List<UUID>> attachedCases(UUID id) {
        return attachedCaseIds(id);
    }

    /** Newest first (creation time, id as tie-break), keyset pagination; optionally one status. */
    @WithSession
    public Uni<Page> list(IncidentStatus status, PageCursor after, int limit) {
        StringBuilder q = new StringBuilder("from Incident i where 1 = 1");
        Parameters params = new Parameters();
        if (status != null) {
            q.append(" and i.status = :status");
            params.and("status", status.wireName());
        }
        if (after != null) {
            q.append(" and (i.createdAt < :at or (i.createdAt = :at and i.id < :id))");
            params.and("at", after.at()).and("id", after.id());
        }
        q.append(" order by i.createdAt desc, i.id desc");
        return Incident.<Incident>find(q.toString(), params).range(0, limit).list().map(rows -> {
            if (rows.size() <= limit) {
                return new Page(rows, null);
            }
            List<Incident> items = new ArrayList<>(rows.subList(0, limit));
            Incident last = items.get(items.size() - 1);
            return new Page(items, new PageCursor(last.createdAt, last.id));
        });
    }

    // --- helpers ------------------------------------------------------------------------------

    private static Uni<List<UUID>> attachedCaseIds(UUID id) {
        return CustomerCase.<CustomerCase>find("incidentId", Sort.ascending("openedAt", "id"), id).list()
                .map(cases -> cases.stream().map(c -> c.id).toList());
    }

    private Uni<UUID> publish(Incident incident, UUID messageId, BrandPost post, Instant now) {
        OutboundRequested event = new OutboundRequested(messageId, OutboundRequested.Kind.PUBLIC_POST, null,
                post.channel(), post.accountId(), null, null, post.text(), now);
        return outbox.add(Topics.OUTBOUND, incident.id.toString(), EventTypes.OUTBOUND_REQUESTED, event);
    }

    private static void requireAcceptable(BrandPost post) {
        // The brand speaks as itself: no agent signature, so the text is sent as written.
        ReplyRules.refusal(post.channel(), Visibility.PUBLIC, post.text(), post.text()).ifPresent(refusal -> {
            throw ApiException.unprocessable(refusal);
        });
    }

    private static Uni<Incident> load(UUID id) {
        return Incident.<Incident>findById(id).map(incident -> {
            if (incident == null) {
                throw ApiException.notFound("no incident " + id);
            }
            return incident;
        });
    }

    private static void requireOpen(Incident incident, String what) {
        if (!incident.incidentStatus().acceptsWork()) {
            throw ApiException.conflict("incident " + incident.id + " is " + incident.status + ": only an open incident"
                    + " can " + what + (incident.incidentStatus() == IncidentStatus.SUGGESTED ? " (confirm it first)" : ""));
        }
    }

    private static void requireMove(Incident incident, IncidentStatus to) {
        if (!incident.incidentStatus().canMoveTo(to)) {
            throw ApiException.conflict("a " + incident.status + " incident cannot become " + to.wireName());
        }
    }

    private static String clip(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private Instant now() {
        return CaseStore.micros(Instant.now(clock));
    }

    private static Instant micros(Instant at) {
        return at == null ? null : CaseStore.micros(at);
    }
}
