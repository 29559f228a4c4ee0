package io.outpost.cases.store;

import io.outpost.cases.config.CaseRules;
import io.outpost.cases.domain.CaseAccount;
import io.outpost.cases.domain.CaseActivity;
import io.outpost.cases.domain.CasePause;
import io.outpost.cases.domain.CasePost;
import io.outpost.cases.domain.CaseReply;
import io.outpost.cases.domain.CaseStatus;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.cases.domain.ResponseTurns;
import io.outpost.cases.domain.SlaPolicy;
import io.outpost.cases.domain.SlaSchedule;
import io.outpost.cases.domain.Unhiding;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.PostIngested;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How a case moves: status changes (by people through the API, by customer posts, by the
 * scheduler), priority, tags, assignee overrides, notes; the SLA due times that follow from them;
 * the {@code case.updated} and {@code case.resolved} events, written to the outbox in the same
 * transaction as the change.
 */
@ApplicationScoped
public class CaseLifecycle {

    /** What a PATCH asks for; null fields stay as they are. */
    public record Patch(CaseStatus status, Integer priority, List<String> tags, AssigneeOverride assignee,
            boolean closePubliclyOverride) {
    }

    /** A supervisor's choice of agent (the login is optional: without it every agent still sees the case). */
    public record AssigneeOverride(UUID id, String name, String team, String username) {
    }

    /**
     * Who asks.
     *
     * @param username   the caller's login (token preferred_username)
     * @param supervisor supervisor or admin: every case, every override
     */
    public record Actor(String username, boolean supervisor) {
    }

    /**
     * Why a failed delivery reopened a case (the start of the status entry's detail). The service-level
     * report does not count this reopening against first-contact resolution: the customer never saw
     * the answer of that resolution.
     */
    public static final String REOPENED_UNDELIVERED = "reopened: the reply did not reach the customer";

    private final Outbox outbox;
    private final CaseRules rules;
    private final AgentDirectory directory;
    private final Clock clock = Clock.systemUTC();

    public CaseLifecycle(Outbox outbox, CaseRules rules, AgentDirectory directory) {
        this.outbox = outbox;
        this.rules = rules;
        this.directory = directory;
    }

    // --- PATCH and notes -----------------------------------------------------------------------

    /**
     * Applies a change and publishes what it changed.
     *
     * @throws ApiException (in the Uni) 404 unknown case, 409 a transition the status does not
     *                      allow, 422 resolving without a public reply, 403 an override the actor
     *                      may not make
     */
    @WithTransaction
    public Uni<CustomerCase> update(UUID caseId, Patch patch, Actor actor) {
        return CustomerCase.<CustomerCase>findById(caseId).chain(kase -> {
            if (kase == null) {
                return Uni.createFrom().failure(ApiException.notFound("no case " + caseId));
            }
            CaseStatus from = kase.caseStatus();
            CaseStatus to = patch.status() == null || patch.status() == from ? null : patch.status();
            if (to != null && !from.canMoveTo(to)) {
                return Uni.createFrom().failure(ApiException.conflict("a " + from.wireName() + " case cannot become "
                        + to.wireName() + "; it can become: " + allowedFrom(from)));
            }
            boolean finishing = to != null && to.isDone() && !from.isDone();
            Uni<Boolean> overrideNeeded = finishing && needsPublicAnswer(kase)
                    ? hasPublicResponse(kase.id).map(answered -> !answered)
                    : Uni.createFrom().item(false);
            return overrideNeeded.chain(needed -> {
                if (needed && !patch.closePubliclyOverride()) {
                    return Uni.createFrom().failure(ApiException.unprocessable("close publicly: case " + kase.id
                            + " began in public and has no public reply; answer in public first, or send "
                            + "closePubliclyOverride true (supervisor or the assigned agent)"));
                }
                // The assigned agent is known by login (assignment.created.agentUsername); a case
                // assigned without one has no agent who can be told apart, so only supervisors.
                boolean assignedAgent = kase.assigneeUsername != null && kase.assigneeUsername.equals(actor.username());
                if (needed && !actor.supervisor() && !assignedAgent) {
                    return Uni.createFrom().failure(new ApiException(403, "Forbidden",
                            "only a supervisor or the agent assigned to case " + kase.id
                                    + " may resolve it without a public reply"));
                }
                return apply(kase, patch, to, needed, actor);
            });
        });
    }

    private Uni<CustomerCase> apply(CustomerCase kase, Patch patch, CaseStatus to, boolean override, Actor actor) {
        Instant now = now();
        CaseStatus from = kase.caseStatus();
        Set<String> changes = new LinkedHashSet<>();
        List<CaseActivity> activities = new ArrayList<>();
        if (override) {
            activities.add(CaseActivity.of(kase.id, CaseActivity.CLOSE_PUBLICLY_OVERRIDE, now, actor.username(),
                    "resolved without a public reply"));
        }
        if (patch.priority() != null && patch.priority() != kase.priority) {
            activities.add(CaseActivity.of(kase.id, CaseActivity.UPDATE, now, actor.username(),
                    "priority " + kase.priority + " -> " + patch.priority()));
            kase.priority = patch.priority().shortValue();
            changes.add("priority");
        }
        if (patch.tags() != null) {
            String[] tags = patch.tags().stream().map(String::strip).distinct().sorted().toArray(String[]::new);
            if (!Arrays.equals(tags, kase.tags)) {
                kase.tags = tags;
                activities.add(CaseActivity.of(kase.id, CaseActivity.UPDATE, now, actor.username(),
                        "tags: " + String.join(", ", tags)));
            }
        }
        if (patch.assignee() != null && !patch.assignee().id().equals(kase.assigneeId)) {
            kase.assigneeId = patch.assignee().id();
            kase.assigneeName = patch.assignee().name();
            kase.assigneeTeam = patch.assignee().team();
            kase.assigneeUsername = patch.assignee().username();
            kase.assignedAt = now;
            kase.assignmentId = null;
            activities.add(CaseActivity.of(kase.id, CaseActivity.UPDATE, now, actor.username(),
                    "assignee set to " + (patch.assignee().name() == null ? patch.assignee().id() : patch.assignee().name())));
            changes.add("assignee");
            if (to == null && from == CaseStatus.NEW) {
                to = CaseStatus.OPEN;
            }
        }
        Uni<Void> statusChange = Uni.createFrom().voidItem();
        if (to != null) {
            statusChange = moveTo(kase, to, now, actor.username(), null);
            changes.add("status");
        }
        CaseStatus finalTo = to;
        kase.updatedAt = now;
        // A supervisor's override that names the login also teaches its agent id (for claims).
        Uni<Void> remembered = patch.assignee() == null ? Uni.createFrom().voidItem()
                : directory.remember(patch.assignee().username(), patch.assignee().id(), patch.assignee().name(),
                        patch.assignee().team(), now);
        return statusChange
                .chain(() -> remembered)
                .chain(() -> persistAll(activities))
                .chain(() -> refreshSla(kase))
                .chain(() -> publishUpdated(kase, from, changes, now))
                .chain(() -> finalTo == CaseStatus.RESOLVED ? publishResolved(kase) : Uni.createFrom().voidItem())
                .replaceWith(kase);
    }

    /**
     * Resolves a case because its incident was closed with a closing post (the public answer, so no
     * close-publicly override is needed). A case already resolved or closed stays as it is.
     * Runs in the caller's transaction.
     */
    public Uni<Void> resolveForIncident(CustomerCase kase, Actor actor, UUID incidentId) {
        if (!kase.caseStatus().canMoveTo(CaseStatus.RESOLVED)) {
            return Uni.createFrom().voidItem();
        }
        return apply(kase, new Patch(CaseStatus.RESOLVED, null, null, null, false), CaseStatus.RESOLVED, false, actor)
                .chain(() -> CaseActivity.of(kase.id, CaseActivity.INCIDENT_CLOSED, now(), actor.username(),
                        incidentId.toString()).persist())
                .replaceWithVoid();
    }

    /**
     * Merges {@code sourceId} into {@code targetId}: the source's posts and replies move to the
     * target, the target keeps the earlier opening and first response, the source is closed with
     * {@code mergedIntoCaseId}; both timelines say so; the source's {@code case.updated} carries
     * {@code changes: [status, merged]}.
     *
     * @throws ApiException (in the Uni) 404 unknown case, 409 a closed case, 422 another channel or customer
     */
    @WithTransaction
    public Uni<CustomerCase> merge(UUID sourceId, UUID targetId, Actor actor) {
        return CustomerCase.<CustomerCase>findById(sourceId).chain(source -> CustomerCase.<CustomerCase>findById(targetId)
                .chain(target -> {
                    if (source == null || target == null) {
                        return Uni.createFrom().failure(ApiException.notFound("no case "
                                + (source == null ? sourceId : targetId)));
                    }
                    if (source.caseStatus() == CaseStatus.CLOSED || target.caseStatus() == CaseStatus.CLOSED) {
                        return Uni.createFrom().failure(ApiException.conflict("closed cases cannot be merged"));
                    }
                    if (!source.channel.equals(target.channel)
                            || !source.customerPlatformId.equals(target.customerPlatformId)) {
                        return Uni.createFrom().failure(ApiException.unprocessable("only cases of the same customer "
                                + "on the same channel can be merged: replies go to one customer on one channel"));
                    }
                    return moveInto(source, target, actor);
                }));
    }

    private Uni<CustomerCase> moveInto(CustomerCase source, CustomerCase target, Actor actor) {
        Instant now = now();
        CaseStatus previous = source.caseStatus();
        if (source.openedAt.isBefore(target.openedAt)) {
            target.openedAt = source.openedAt;
            target.firstPostId = source.firstPostId;
        }
        // One account answers the merged conversation: the surviving case's, else the merged one's.
        target.accountId = CaseAccount.merged(target.accountId, source.accountId);
        target.updatedAt = now;
        source.mergedIntoCaseId = target.id;
        source.updatedAt = now;
        Uni<Void> moved = Panache.getSession().chain(session -> session.flush())
                .chain(() -> CasePost.update("caseId = ?1 where caseId = ?2", target.id, source.id))
                .chain(() -> CaseReply.update("caseId = ?1 where caseId = ?2", target.id, source.id))
                .replaceWithVoid();
        return moved
                // The target's first response is recomputed (refreshSla below) from all the posts and replies
                // it now holds, so it keeps the earlier one.
                .chain(() -> moveTo(source, CaseStatus.CLOSED, now, actor.username(), "merged into " + target.id))
                .chain(() -> persistAll(List.of(
                        CaseActivity.of(source.id, CaseActivity.MERGED_INTO, now, actor.username(), target.id.toString()),
                        CaseActivity.of(target.id, CaseActivity.MERGED_FROM, now, actor.username(), source.id.toString()))))
                .chain(() -> refreshSla(source))
                .chain(() -> refreshSla(target))
                .chain(() -> publishUpdated(source, previous, new LinkedHashSet<>(List.of("status", "merged")), now))
                .replaceWith(target);
    }

    /** An internal note on the timeline. */
    @WithTransaction
    public Uni<CaseActivity> note(UUID caseId, String username, String text) {
        return CustomerCase.<CustomerCase>findById(caseId).chain(kase -> {
            if (kase == null) {
                return Uni.createFrom().failure(ApiException.notFound("no case " + caseId));
            }
            kase.updatedAt = now();
            return CaseActivity.of(caseId, CaseActivity.NOTE, kase.updatedAt, username, text).persist();
        });
    }

    /** The case after an un-hide, and whether this request changed anything. */
    public record Unhidden(CustomerCase kase, boolean changed) {
    }

    /**
     * Un-hides a hidden post of the case ({@link Unhiding}): from now it counts as a customer post
     * that arrived now. The timeline records who did it; a resolved or pending case the post came
     * after is opened (status entry, {@code case.updated}); the SLA turns are recomputed. Again on an
     * un-hidden post: nothing changes.
     *
     * @throws ApiException (in the Uni) 404 unknown case or a post not in it, 409 when the post or the
     *                      case does not allow it
     */
    @WithTransaction
    public Uni<Unhidden> unhide(UUID caseId, UUID postId, Actor actor) {
        return CustomerCase.<CustomerCase>findById(caseId).chain(kase -> {
            if (kase == null) {
                return Uni.createFrom().failure(ApiException.notFound("no case " + caseId));
            }
            return CasePost.<CasePost>findById(postId).chain(post -> {
                if (post == null || !caseId.equals(post.caseId)) {
                    return Uni.createFrom().failure(ApiException.notFound("no post " + postId + " in case " + caseId));
                }
                return statusSince(kase).chain(since -> {
                    Unhiding.Outcome outcome = Unhiding.decide(post, kase.caseStatus(), kase.hidden(), since);
                    if (outcome instanceof Unhiding.Refused refused) {
                        return Uni.createFrom().failure(ApiException.conflict(refused.why()));
                    }
                    if (outcome instanceof Unhiding.AlreadyUnhidden) {
                        return Uni.createFrom().item(new Unhidden(kase, false));
                    }
                    return unhide(kase, post, ((Unhiding.Unhide) outcome).reopen(), actor)
                            .replaceWith(new Unhidden(kase, true));
                });
            });
        });
    }

    private Uni<Void> unhide(CustomerCase kase, CasePost post, CaseStatus reopen, Actor actor) {
        Instant now = now();
        post.unhiddenAt = now;
        post.unhiddenBy = actor.username();
        // From now it counts like a customer post that arrived: it may name the account of a case without one.
        kase.accountId = CaseAccount.joining(kase.accountId, post.accountId, true).accountId();
        kase.updatedAt = now;
        CaseStatus from = kase.caseStatus();
        Uni<Void> persisted = CaseActivity.of(kase.id, CaseActivity.POST_UNHIDDEN, now, actor.username(),
                post.externalId + " (was hidden: " + post.hiddenReason + ")").persist().replaceWithVoid();
        if (reopen == null) {
            // As a customer post on a case in this state: its turn starts, nothing routable changes.
            return persisted.chain(() -> refreshSla(kase));
        }
        String why = reopen == CaseStatus.RESOLVED ? "reopened: a customer post was un-hidden"
                : "the customer answered (a post was un-hidden)";
        return persisted
                .chain(() -> moveTo(kase, CaseStatus.OPEN, now, actor.username(), why))
                .chain(() -> refreshSla(kase))
                .chain(() -> publishUpdated(kase, from, Set.of("status"), now));
    }

    /** When a resolved case was resolved, or a pending one went pending; null otherwise. */
    private static Uni<Instant> statusSince(CustomerCase kase) {
        return switch (kase.caseStatus()) {
            case RESOLVED -> Uni.createFrom().item(kase.resolvedAt);
            case PENDING -> CasePause.<CasePause>list("caseId = ?1 and pausedUntil is null", kase.id)
                    .map(open -> open.stream().map(p -> p.pausedFrom).max(Instant::compareTo).orElse(null));
            default -> Uni.createFrom().nullItem();
        };
    }

    // --- effects of posts and responses (inside the caller's transaction) -------------------------

    /**
     * A customer wrote on the case: a pending case is open again, a resolved one is reopened (the
     * threading rules only let a post join a resolved case within the reopen window); then the
     * clocks follow.
     */
    public Uni<Void> customerWrote(CustomerCase kase) {
        CaseStatus from = kase.caseStatus();
        Instant now = now();
        if (from != CaseStatus.PENDING && from != CaseStatus.RESOLVED) {
            return refreshSla(kase);
        }
        String why = from == CaseStatus.RESOLVED ? "reopened: the customer wrote again" : "the customer answered";
        kase.updatedAt = now;
        return moveTo(kase, CaseStatus.OPEN, now, null, why)
                .chain(() -> refreshSla(kase))
                .chain(() -> publishUpdated(kase, from, Set.of("status"), now));
    }

    /**
     * Moves the status and keeps what goes with it: resolved/closed times, the pauses of the
     * clocks while pending, the timeline entry.
     */
    Uni<Void> moveTo(CustomerCase kase, CaseStatus to, Instant now, String actor, String why) {
        CaseStatus from = kase.caseStatus();
        kase.status = to.wireName();
        if (to == CaseStatus.RESOLVED) {
            kase.resolvedAt = now;
        } else if (to == CaseStatus.CLOSED) {
            kase.closedAt = now;
        } else if (from == CaseStatus.RESOLVED) {
            kase.resolvedAt = null; // reopened: the resolution clock runs again
        }
        Uni<Void> pause = Uni.createFrom().voidItem();
        if (to == CaseStatus.PENDING) {
            CasePause p = new CasePause();
            p.id = UUID.randomUUID();
            p.caseId = kase.id;
            p.pausedFrom = now;
            pause = p.persist().replaceWithVoid();
        } else if (from == CaseStatus.PENDING) {
            pause = CasePause.<CasePause>list("caseId = ?1 and pausedUntil is null", kase.id)
                    .invoke(open -> open.forEach(p -> p.pausedUntil = now))
                    .replaceWithVoid();
        }
        return pause.chain(() -> CaseActivity.status(kase.id, now, actor, from, to, why).persist()).replaceWithVoid();
    }

    /**
     * Recomputes the SLA due times from the case's posts, responses and pauses: which customer
     * turn waits, and when each target falls due. Hidden cases have no targets.
     */
    public Uni<Void> refreshSla(CustomerCase kase) {
        return recompute(kase).replaceWithVoid();
    }

    /**
     * Our reply to the case did not reach the customer: the turn it was to end stays open (the missed
     * view shows the case again once a target passes). A resolved or pending case whose customer now
     * waits for an answer is open again, the platform's reason on its timeline.
     */
    public Uni<Void> replyFailed(CustomerCase kase, CaseReply reply) {
        return recompute(kase).chain(waiting -> {
            CaseStatus from = kase.caseStatus();
            if (waiting == null || (from != CaseStatus.RESOLVED && from != CaseStatus.PENDING)) {
                return Uni.createFrom().voidItem();
            }
            Instant now = now();
            kase.updatedAt = now;
            return moveTo(kase, CaseStatus.OPEN, now, null, REOPENED_UNDELIVERED + " (" + reply.failureReason + ")")
                    .chain(() -> refreshSla(kase))
                    .chain(() -> publishUpdated(kase, from, Set.of("status"), now));
        });
    }

    /**
     * {@link #refreshSla} for a case about to be inserted with its first post: nothing else is in it yet
     * (no other post, no reply, no pause), so its clocks follow from the two alone, without a flush and
     * three reads, and the insert carries them (no update after it).
     */
    public void slaOfNewCase(CustomerCase kase, CasePost first) {
        if (kase.hidden()) {
            kase.firstResponseDueAt = null;
            kase.nextResponseDueAt = null;
            kase.resolutionDueAt = null;
            kase.turnStartedAt = null;
            return;
        }
        schedule(kase, List.of(first), List.of(), List.of());
    }

    /** {@link #refreshSla} that also tells since when a customer post waits (null: nothing waits). */
    private Uni<Instant> recompute(CustomerCase kase) {
        if (kase.hidden()) {
            kase.firstResponseDueAt = null;
            kase.nextResponseDueAt = null;
            kase.resolutionDueAt = null;
            kase.turnStartedAt = null;
            return Uni.createFrom().nullItem();
        }
        return Panache.getSession().chain(session -> session.flush())
                .chain(() -> CasePost.<CasePost>list("caseId", kase.id))
                .chain(posts -> CaseReply.<CaseReply>list("caseId", kase.id)
                        .chain(replies -> CasePause.<CasePause>list("caseId", kase.id)
                                .map(pauses -> schedule(kase, posts, replies, pauses))));
    }

    private Instant schedule(CustomerCase kase, List<CasePost> posts, List<CaseReply> replies,
            List<CasePause> pauses) {
        // Hidden posts and survey answers start no turn; an un-hidden post waits from its un-hide time.
        List<Instant> customerPosts = posts.stream().filter(p -> p.countsAsCustomerMessage() && p.deletedAt == null)
                .map(CasePost::waitsFrom).toList();
        // What the customer could read: replies once delivered, and posts the brand typed on the platform.
        // Echoes confirm their reply and are no response of their own.
        List<Instant> responses = ResponseTurns.responses(replies.stream().map(CaseReply::delivery).toList(), posts);
        if (kase.mergedIntoCaseId == null) {
            // A merged case's posts and replies moved into the target, which counts them; it keeps its own.
            kase.firstResponseAt = ResponseTurns.firstResponse(responses);
        }
        Instant waiting = ResponseTurns.waitingSince(customerPosts, responses);
        Instant turn = responses.isEmpty() ? null : waiting;
        if (turn != null && !turn.equals(kase.turnStartedAt)) {
            kase.nextResponseBreachedAt = null; // a new customer turn: its target may be missed once more
        }
        kase.turnStartedAt = turn;
        SlaSchedule.Due due = rules.sla().due(new SlaSchedule.Facts(kase.channel,
                Visibility.PRIVATE.wireName().equals(kase.visibility) ? SlaPolicy.Visibility.PRIVATE : SlaPolicy.Visibility.PUBLIC,
                kase.priority, kase.onlyWeCanAnswer, kase.openedAt, turn,
                pauses.stream().map(CasePause::toPause).toList()));
        // Every customer post deleted before any answer: nobody waits for a first response any more.
        kase.firstResponseDueAt = responses.isEmpty() && waiting == null ? null : micros(due.firstResponse());
        kase.nextResponseDueAt = micros(due.nextResponse());
        kase.resolutionDueAt = micros(due.resolution());
        return waiting;
    }

    // --- events --------------------------------------------------------------------------------

    /** case.updated with the whole routable state, unless nothing routable changed or the case is hidden. */
    public Uni<Void> publishUpdated(CustomerCase kase, CaseStatus previous, Set<String> changes, Instant at) {
        if (changes.isEmpty() || kase.hidden()) {
            return Uni.createFrom().voidItem();
        }
        CaseUpdated event = new CaseUpdated(kase.id, Channel.fromWire(kase.channel), kase.status,
                previous == null || previous.wireName().equals(kase.status) ? null : previous.wireName(), kase.priority,
                List.of(kase.requiredSkills), kase.language, kase.assigneeId, List.copyOf(changes),
                kase.mergedIntoCaseId, nextDueAt(kase), at, kase.assignmentId);
        return outbox.add(Topics.CASES, kase.id.toString(), EventTypes.CASE_UPDATED, event).replaceWithVoid();
    }

    /** case.resolved with the facts survey-service decides on (also for hidden cases, marked so). */
    public Uni<Void> publishResolved(CustomerCase kase) {
        Instant firstResponseAt = kase.firstResponseAt; // kept current by refreshSla
        return Uni.createFrom().voidItem()
                .chain(() -> outbox.add(Topics.CASES, kase.id.toString(), EventTypes.CASE_RESOLVED,
                        new CaseResolved(kase.id, Channel.fromWire(kase.channel), Visibility.fromWire(kase.visibility),
                                new PostIngested.Author(kase.customerPlatformId, kase.customerHandle,
                                        kase.customerDisplayName),
                                kase.assigneeId, kase.assigneeName, kase.assigneeTeam, kase.language, kase.sentiment,
                                kase.hidden(), kase.incidentId, kase.openedAt, firstResponseAt, kase.resolvedAt,
                                kase.accountId)))
                .replaceWithVoid();
    }

    /** The earliest due time of a target still running; null when none is. */
    static Instant nextDueAt(CustomerCase kase) {
        if (kase.caseStatus().isDone()) {
            return null;
        }
        return Stream.of(kase.firstResponseAt == null ? kase.firstResponseDueAt : null, kase.nextResponseDueAt,
                kase.resolutionDueAt).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
    }

    // --- helpers -------------------------------------------------------------------------------

    /** "Close publicly": a case that began in public, shown to agents. */
    private static boolean needsPublicAnswer(CustomerCase kase) {
        return Visibility.PUBLIC.wireName().equals(kase.visibility) && !kase.hidden();
    }

    /**
     * A public reply that did not fail, or our own public post (not the echo of an incident's post or other
     * message of ours that answered nobody).
     */
    private static Uni<Boolean> hasPublicResponse(UUID caseId) {
        return CaseReply.count("caseId = ?1 and visibility = ?2 and status <> ?3", caseId, Visibility.PUBLIC.wireName(),
                CaseReply.FAILED)
                .chain(replies -> replies > 0 ? Uni.createFrom().item(true)
                        : CasePost.count("caseId = ?1 and fromOwnAccount = true and echoOfMessageId is null and visibility = ?2", caseId,
                                Visibility.PUBLIC.wireName()).map(echoes -> echoes > 0));
    }

    private static String allowedFrom(CaseStatus from) {
        String allowed = Arrays.stream(CaseStatus.values()).filter(from::canMoveTo).map(CaseStatus::wireName)
                .collect(Collectors.joining(", "));
        return allowed.isEmpty() ? "nothing (final)" : allowed;
    }

    static Uni<Void> persistAll(List<? extends io.quarkus.hibernate.reactive.panache.PanacheEntityBase> entities) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var e : entities) {
            chain = chain.chain(() -> e.persist()).replaceWithVoid();
        }
        return chain;
    }

    private Instant now() {
        return CaseStore.micros(Instant.now(clock));
    }

    private static Instant micros(Instant at) {
        return at == null ? null : CaseStore.micros(at);
    }
}
