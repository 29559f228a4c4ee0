package io.outpost.cases.store;

import io.outpost.cases.config.CaseRules;
import io.outpost.cases.config.CasesConfig;
import io.outpost.cases.domain.CaseTriage;
import io.outpost.cases.domain.SlaSchedule;
import io.outpost.cases.domain.CustomerLink;
import io.outpost.kit.api.PageCursor;
import io.outpost.cases.domain.CaseAccount;
import io.outpost.cases.domain.CaseActivity;
import io.outpost.cases.domain.CasePost;
import io.outpost.cases.domain.CaseReply;
import io.outpost.cases.domain.CaseStatus;
import io.outpost.cases.domain.CaseSurvey;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.cases.domain.SurveyReplies;
import io.outpost.cases.domain.PrivateContinuation;
import io.outpost.cases.domain.Threading;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.OfferMade;
import io.outpost.contracts.events.PostDeleted;
import io.outpost.contracts.events.PostEdited;
import io.outpost.contracts.events.PostIngested;
import io.outpost.contracts.events.SurveyAnswered;
import io.outpost.contracts.events.SurveySent;
import io.outpost.kit.messaging.Outbox;
import io.outpost.kit.messaging.PoisonEventException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Cases and their posts. The write methods run inside the caller's transaction (the event
 * inbox's), so a post, its case, the {@code case.opened} event and the processed event id commit
 * together or not at all.
 */
@ApplicationScoped
public class CaseStore {

    private static final Logger LOG = Logger.getLogger(CaseStore.class);

    /** What the list may be filtered by; null means any. */
    public record Filter(CaseStatus status, Channel channel, UUID assigneeId, Integer priority, Boolean breached,
            String text, Instant createdFrom, Instant createdTo, Hidden hidden, String postExternalId,
            String agentUsername, String intent, String language, Boolean unassigned, String customer) {

    }

    /** Hidden (bot/spam) cases in the list: left out (agents, default), only them, or with the rest. */
    public enum Hidden {
        EXCLUDE, ONLY, INCLUDE
    }

    /** One page of the list and the cursor of the next one (null on the last page). */
    public record Page(List<CustomerCase> items, PageCursor next) {
    }

    /** A case with its posts in platform-time order. */
    public record CaseWithPosts(CustomerCase kase, List<CasePost> posts) {
    }

    private final Outbox outbox;
    private final CasesConfig config;
    private final CaseRules rules;
    private final CaseLifecycle lifecycle;
    private final Clock clock = Clock.systemUTC();

    private final AgentDirectory directory;
    private final ConversationEvents conversation;

    public CaseStore(Outbox outbox, CasesConfig config, CaseRules rules, CaseLifecycle lifecycle, AgentDirectory directory,
            ConversationEvents conversation) {
        this.directory = directory;
        this.conversation = conversation;
        this.outbox = outbox;
        this.config = config;
        this.rules = rules;
        this.lifecycle = lifecycle;
    }

    // --- writes (inside the caller's transaction) ----------------------------------------

    /** Files a post into its case, opening one when the threading rules say so. */
    public Uni<Threading.Decision> file(PostIngested post) {
        requireValid(post);
        String channel = post.channel().wireName();
        Uni<Boolean> alreadyFiled = findPost(channel, post.externalId()).map(p -> p != null);
        return alreadyFiled.chain(filed -> filed
                ? Uni.createFrom().item((Threading.Decision) new Threading.Skip("already filed"))
                : facts(post).map(Threading::decide))
                .call(decision -> apply(decision, post));
    }

    /** What the threading goes by ({@link Threading.Facts}), looked up in this order. */
    private Uni<Threading.Facts> facts(PostIngested post) {
        String channel = post.channel().wireName();
        return surveyAnswer(post).chain(answer -> parentCase(channel, post.inReplyToExternalId())
                .chain(parent -> conversationCase(channel, post)
                        .map(conversation -> Threading.Facts.of(false, post.fromOwnAccount(), parent, conversation)
                                .postedAt(post.createdAt(), config.reopenWindow()).surveyAnswer(answer))))
                .chain(facts -> publicCase(post).map(publicCase -> facts.publicCase(publicCase,
                        config.privateContinuationWindow())))
                // The reply is looked up after the candidate cases are loaded: a delivery report committed
                // after that load fails this transaction's version check on the case (retried, then it sees
                // the reply), so an echo and its report racing on two topics cannot both miss each other.
                .chain(facts -> echoedReply(post).map(facts::echoed))
                .chain(facts -> echoedMessage(post, facts.echoed()).map(facts::ownMessage));
    }

    /**
     * The survey a customer's DM answers, or null: the most recent survey still open at the DM's
     * platform time about a case of the author on the channel, as survey-service picks it, read with
     * the same parser ({@link SurveyReplies}).
     */
    private static Uni<SurveyReplies.Answer> surveyAnswer(PostIngested post) {
        if (post.fromOwnAccount() || visibility(post) != Visibility.PRIVATE) {
            return Uni.createFrom().nullItem();
        }
        Instant at = micros(post.createdAt());
        return CaseSurvey.<CaseSurvey>find("from CaseSurvey s where s.channel = :channel and s.sentAt <= :at"
                + " and s.expiresAt > :at and (s.answeredAt is null or s.answeredAt >= :at)"
                + " and s.caseId in (select c.id from CustomerCase c where c.channel = :channel"
                + " and c.customerPlatformId = :author) order by s.sentAt desc",
                Parameters.with("channel", post.channel().wireName()).and("at", at)
                        .and("author", post.author().platformUserId()))
                .firstResult()
                .map(s -> s == null ? null
                        : SurveyReplies.answer(true, false, post.text(), at, new SurveyReplies.Outstanding(s.id,
                                s.caseId, s.kind, s.sentAt, s.expiresAt, s.answeredAt)).orElse(null));
    }

    /** The reply of ours whose platform message id is the own-account post's external id, or null. */
    private static Uni<Threading.EchoedReply> echoedReply(PostIngested post) {
        if (!post.fromOwnAccount()) {
            return Uni.createFrom().nullItem();
        }
        return CaseReply.<CaseReply>find("from CaseReply r where r.platformMessageId = ?1 and r.caseId in "
                + "(select c.id from CustomerCase c where c.channel = ?2)", post.externalId(), post.channel().wireName())
                .firstResult()
                .map(reply -> reply == null ? null : new Threading.EchoedReply(reply.id, reply.caseId));
    }

    /**
     * For our own post that is no reply's echo: the message of ours (a survey invitation, a consent request)
     * whose platform message id is its external id, or null ({@link OwnMessageStore}: looked up under the
     * message's lock, so a delivery report handled at the same time is either seen here or sees this post).
     */
    private static Uni<UUID> echoedMessage(PostIngested post, Threading.EchoedReply echoed) {
        if (!post.fromOwnAccount() || echoed != null) {
            return Uni.createFrom().nullItem();
        }
        return OwnMessageStore.echoedMessage(post);
    }

    private Uni<Void> apply(Threading.Decision decision, PostIngested post) {
        if (decision instanceof Threading.FileAsOwnMessage own) {
            // The echo of a survey invitation or consent request of ours: kept (a redelivery is then "already
            // filed"), no response and no customer message, so the case row is not touched.
            CasePost echo = toPost(post, own.caseId());
            echo.echoOfMessageId = own.messageId();
            LOG.debugf("post %s:%s is the echo of our message %s, not a response", post.channel().wireName(),
                    post.externalId(), own.messageId());
            return echo.persist().replaceWithVoid();
        }
        if (decision instanceof Threading.ConfirmReply confirm) {
            // The echo of our reply: kept (a redelivery is then "already filed") as the reply's
            // confirmation, never an agent post or a response of its own.
            CasePost echo = toPost(post, confirm.caseId());
            return CustomerCase.<CustomerCase>findById(confirm.caseId())
                    .chain(kase -> CaseReply.<CaseReply>findById(confirm.replyId()).chain(reply -> {
                        Instant now = micros(Instant.now(clock));
                        boolean confirmed = ReplyStore.confirm(reply, echo, now);
                        kase.updatedAt = now;
                        LOG.debugf("post %s:%s is the echo of reply %s", post.channel().wireName(), post.externalId(),
                                reply.id);
                        return echo.persist().chain(() -> lifecycle.refreshSla(kase))
                                .chain(() -> confirmed ? conversation.deliveryChanged(kase, reply)
                                        : Uni.createFrom().voidItem());
                    }))
                    .replaceWithVoid();
        }
        if (decision instanceof Threading.FileAsSurveyAnswer answer) {
            // The survey's answer (survey-service records it from the same post): on the timeline,
            // and nothing else. The case row is not touched: no reopening, no turn, no case.updated.
            CasePost filed = toPost(post, answer.caseId());
            filed.surveyId = answer.surveyId();
            LOG.debugf("post %s:%s filed as the answer to survey %s", post.channel().wireName(), post.externalId(),
                    answer.surveyId());
            // Shown in the conversation (as the survey's answer), so a console shows it too.
            return filed.persist().chain(() -> CustomerCase.<CustomerCase>findById(answer.caseId()))
                    .chain(kase -> conversation.postAdded(kase, filed));
        }
        if (decision instanceof Threading.Join join && !join.agentReply() && hiddenReason(post) != null) {
            // Noise in the customer's conversation (bot, spam): kept, marked, and nothing else until a
            // person un-hides it. The case row is not touched, so neither its status, its SLA turn
            // (turn_started_at, what the missed view and the breach checker run on) nor its
            // updated_at moves, and nothing is published.
            return toPost(post, join.caseId()).persist().replaceWithVoid();
        }
        if (decision instanceof Threading.ContinueInPrivate continued) {
            // The customer's DM after a public exchange: the same conversation, so the same case, as a
            // customer message (it reopens a resolved case and starts a turn, as in public). Its thread then
            // finds the case through its posts (conversationCase).
            LOG.debugf("post %s:%s continues public case %s in private", post.channel().wireName(), post.externalId(),
                    continued.caseId());
            return apply(new Threading.Join(continued.caseId(), false), post);
        }
        if (decision instanceof Threading.Join join) {
            return CustomerCase.<CustomerCase>findById(join.caseId())
                    .chain(kase -> {
                        kase.updatedAt = Instant.now(clock);
                        keepAccount(kase, post, !join.agentReply());
                        CasePost joined = toPost(post, kase.id);
                        Uni<?> filed = joined.persist().call(() -> conversation.postAdded(kase, joined));
                        // Our account's post that is no echo of a reply (typed on the platform, outside
                        // Outpost): a response by the brand, at the platform's time (refreshSla counts it).
                        return join.agentReply()
                                ? filed.call(() -> lifecycle.refreshSla(kase))
                                : filed.call(() -> lifecycle.customerWrote(kase));
                    })
                    .replaceWithVoid();
        }
        if (decision instanceof Threading.Open) {
            CustomerCase kase = newCase(post);
            CasePost first = toPost(post, kase.id);
            return CustomerLink.<CustomerLink>findById(new CustomerLink.Identity(kase.channel, kase.customerPlatformId))
                    .invoke(link -> kase.crmCustomerId = link == null ? null : link.crmCustomerId)
                    // The clocks before the insert, from the case and its first post alone.
                    .invoke(() -> lifecycle.slaOfNewCase(kase, first))
                    .chain(() -> kase.persist())
                    .chain(() -> first.persist())
                    // Hidden cases never reach routing: no case.opened (supervisors still see them).
                    .chain(() -> kase.hidden() ? Uni.createFrom().voidItem()
                            : outbox.add(Topics.CASES, kase.id.toString(), EventTypes.CASE_OPENED, opened(kase)))
                    // After case.opened (same key, so in this order): the opening post joined the new case.
                    .chain(() -> conversation.postAdded(kase, first))
                    .replaceWithVoid();
        }
        LOG.debugf("post %s:%s not filed: %s", post.channel().wireName(), post.externalId(),
                ((Threading.Skip) decision).reason());
        return Uni.createFrom().voidItem();
    }

    /** The case's account once the post joined it ({@link CaseAccount}): taken when it had none, never moved. */
    private static void keepAccount(CustomerCase kase, PostIngested post, boolean customerMessage) {
        CaseAccount.Outcome account = CaseAccount.joining(kase.accountId, post.accountId(), customerMessage);
        if (account.change() == CaseAccount.Change.TAKEN) {
            LOG.debugf("case %s answers from account %s, named by post %s", kase.id, account.accountId(),
                    post.externalId());
        } else if (account.change() == CaseAccount.Change.KEPT_OVER_ANOTHER) {
            LOG.infof("post %s:%s was addressed to account %s; case %s keeps answering from %s",
                    post.channel().wireName(), post.externalId(), post.accountId(), kase.id, kase.accountId);
        }
        kase.accountId = account.accountId();
    }

    /**
     * Gives the case to the agent of the assignment: {@code new} becomes {@code open}. Repeats of
     * one assignment and assignments older than the current one change nothing.
     *
     * @throws PoisonEventException (in the Uni) when the case does not exist
     */
    public Uni<Void> assign(AssignmentCreated assignment) {
        if (assignment.caseId() == null || assignment.agentId() == null || assignment.assignedAt() == null) {
            throw new PoisonEventException("assignment.created without caseId, agentId or assignedAt");
        }
        // The login's agent id, for claims (AgentDirectory); remembered whatever the case's state.
        Uni<Void> remembered = directory.remember(assignment.agentUsername(), assignment.agentId(),
                assignment.agentName(), assignment.team(), assignment.assignedAt());
        return remembered.chain(() -> CustomerCase.<CustomerCase>findById(assignment.caseId())).chain(kase -> {
            if (kase == null) {
                throw new PoisonEventException("assignment " + assignment.assignmentId() + " for unknown case "
                        + assignment.caseId());
            }
            boolean repeat = assignment.assignmentId() != null && assignment.assignmentId().equals(kase.assignmentId);
            boolean stale = kase.assignedAt != null && assignment.assignedAt().isBefore(kase.assignedAt);
            if (repeat || stale) {
                return Uni.createFrom().voidItem();
            }
            CaseStatus before = kase.caseStatus();
            Set<String> changes = new LinkedHashSet<>();
            if (!assignment.agentId().equals(kase.assigneeId)) {
                changes.add("assignee");
            }
            kase.assigneeId = assignment.agentId();
            kase.assigneeName = assignment.agentName();
            kase.assigneeTeam = assignment.team();
            kase.assignedAt = micros(assignment.assignedAt());
            kase.assignmentId = assignment.assignmentId();
            kase.assigneeUsername = blankToNull(assignment.agentUsername());
            Instant now = micros(Instant.now(clock));
            kase.updatedAt = now;
            Uni<Void> status = Uni.createFrom().voidItem();
            if (before == CaseStatus.NEW) {
                changes.add("status");
                // At the assignment's time, so the timeline shows it next to the assignment.
                status = lifecycle.moveTo(kase, CaseStatus.OPEN, kase.assignedAt, null, "assigned");
            }
            return status.chain(() -> lifecycle.publishUpdated(kase, before, changes, now));
        });
    }

    /**
     * Loads the given cases into the caller's session in one statement, so that the work that follows
     * (e.g. a poll's assignments) finds each by id without a round trip. Ids that are no UUID are left
     * to that work to reject; loading changes nothing.
     */
    public Uni<Void> load(List<String> caseIds) {
        List<UUID> ids = caseIds.stream().filter(id -> id != null && id.length() == 36).distinct().map(id -> {
            try {
                return UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }).filter(id -> id != null).toList();
        return ids.size() < 2 ? Uni.createFrom().voidItem()
                : CustomerCase.<CustomerCase>list("id in ?1", ids).replaceWithVoid();
    }

    /**
     * routing-service offered a case to an agent: only the login's agent id is taken (for claims,
     * {@link AgentDirectory}); the offer itself changes nothing on the case.
     */
    public Uni<Void> offered(OfferMade offer) {
        return directory.remember(offer.agentUsername(), offer.agentId(), null, null, offer.offeredAt());
    }

    /**
     * The platform deleted a post: it is marked deleted, its text dropped (the platforms' terms ask
     * that deletions be honoured), the timeline says so, and it no longer waits for an answer.
     * A post we never filed (an echo outside any case, or not yet seen) is ignored; a repeat changes nothing.
     */
    public Uni<Void> postDeleted(PostDeleted event) {
        if (event.channel() == null || event.externalId() == null) {
            throw new PoisonEventException("post.deleted without channel or externalId");
        }
        return findPost(event.channel().wireName(), event.externalId()).chain(post -> {
            if (post == null || post.deletedAt != null) {
                return Uni.createFrom().voidItem();
            }
            Instant at = micros(event.deletedAt() == null ? Instant.now(clock) : event.deletedAt());
            post.deletedAt = at;
            post.text = "";
            return CaseActivity.of(post.caseId, CaseActivity.POST_DELETED, at, null, post.externalId).persist()
                    .chain(() -> CustomerCase.<CustomerCase>findById(post.caseId))
                    .chain(kase -> {
                        kase.updatedAt = micros(Instant.now(clock));
                        return lifecycle.refreshSla(kase);
                    });
        });
    }

    /** The author edited a post: the new text replaces the old one; older or repeated edits change nothing. */
    public Uni<Void> postEdited(PostEdited event) {
        if (event.channel() == null || event.externalId() == null || event.text() == null) {
            throw new PoisonEventException("post.edited without channel, externalId or text");
        }
        return findPost(event.channel().wireName(), event.externalId()).chain(post -> {
            Instant at = micros(event.editedAt() == null ? Instant.now(clock) : event.editedAt());
            if (post == null || post.deletedAt != null || (post.editedAt != null && !at.isAfter(post.editedAt))) {
                return Uni.createFrom().voidItem();
            }
            post.text = event.text();
            post.editedAt = at;
            return CaseActivity.of(post.caseId, CaseActivity.POST_EDITED, at, null, post.externalId).persist()
                    .replaceWithVoid();
        });
    }

    /**
     * survey-service sent a survey about the case: on its timeline, and remembered, so that the
     * customer's DM answer within the survey's window is filed as the survey's ({@link SurveyReplies}).
     * A survey about a case we do not hold is acknowledged and ignored; a repeat records nothing twice.
     */
    public Uni<Void> surveySent(SurveySent sent) {
        return surveyEvent(sent.caseId(), CaseActivity.SURVEY_SENT, sent.sentAt(), sent.kind(), kase -> {
            if (sent.surveyId() == null || sent.kind() == null || sent.sentAt() == null) {
                return Uni.createFrom().voidItem(); // nothing to read a DM against: the timeline entry only
            }
            return CaseSurvey.<CaseSurvey>findById(sent.surveyId()).chain(known -> {
                if (known != null) {
                    return Uni.createFrom().voidItem();
                }
                CaseSurvey survey = new CaseSurvey();
                survey.id = sent.surveyId();
                survey.caseId = kase.id;
                survey.channel = sent.channel() == null ? kase.channel : sent.channel().wireName();
                survey.kind = sent.kind();
                survey.sentAt = micros(sent.sentAt());
                survey.expiresAt = sent.expiresAt() == null ? null : micros(sent.expiresAt());
                return survey.persist().replaceWithVoid();
            });
        });
    }

    /** The customer answered a survey about the case: on its timeline; later DMs are messages again. */
    public Uni<Void> surveyAnswered(SurveyAnswered answered) {
        String detail = answered.kind() + " " + answered.score()
                + (answered.comment() == null ? "" : ": " + answered.comment());
        return surveyEvent(answered.caseId(), CaseActivity.SURVEY_ANSWERED, answered.answeredAt(), detail,
                kase -> answered.surveyId() == null ? Uni.createFrom().voidItem()
                        : CaseSurvey.<CaseSurvey>findById(answered.surveyId()).invoke(survey -> {
                            if (survey != null && survey.answeredAt == null) {
                                survey.answeredAt = micros(answered.answeredAt() == null ? Instant.now(clock)
                                        : answered.answeredAt());
                            }
                        }).replaceWithVoid());
    }

    /**
     * A survey event on the case's timeline, then {@code more} with the case. A survey about a case
     * we do not hold is acknowledged and ignored.
     */
    private Uni<Void> surveyEvent(UUID caseId, String type, Instant at, String detail,
            java.util.function.Function<CustomerCase, Uni<Void>> more) {
        if (caseId == null) {
            throw new PoisonEventException(type + " without caseId");
        }
        return CustomerCase.<CustomerCase>findById(caseId).chain(kase -> {
            if (kase == null) {
                LOG.debugf("%s for unknown case %s ignored", type, caseId);
                return Uni.createFrom().voidItem();
            }
            return CaseActivity.of(caseId, type, micros(at == null ? Instant.now(clock) : at), null, detail).persist()
                    .chain(() -> more.apply(kase));
        });
    }

    // --- reads ----------------------------------------------------------------------------

    /**
     * One page of cases, by the platform time of the first post ({@code oldestFirst} or newest
     * first), {@code id} as tie-break; keyset pagination.
     */
    @WithSession
    public Uni<Page> list(Filter filter, boolean oldestFirst, PageCursor after, int limit) {
        StringBuilder where = new StringBuilder("from CustomerCase c where 1 = 1");
        Parameters params = new Parameters();
        if (filter.status() != null) {
            where.append(" and c.status = :status");
            params.and("status", filter.status().wireName());
        }
        if (filter.channel() != null) {
            where.append(" and c.channel = :channel");
            params.and("channel", filter.channel().wireName());
        }
        if (filter.assigneeId() != null) {
            where.append(" and c.assigneeId = :assigneeId");
            params.and("assigneeId", filter.assigneeId());
        }
        if (filter.priority() != null) {
            where.append(" and c.priority = :priority");
            params.and("priority", filter.priority().shortValue());
        }
        if (filter.breached() != null) {
            where.append(filter.breached()
                    ? " and (c.firstResponseBreachedAt is not null or c.nextResponseBreachedAt is not null"
                            + " or c.resolutionBreachedAt is not null)"
                    : " and c.firstResponseBreachedAt is null and c.nextResponseBreachedAt is null"
                            + " and c.resolutionBreachedAt is null");
        }
        if (filter.text() != null) {
            where.append(" and exists (select 1 from CasePost p where p.caseId = c.id and lower(p.text) like :text"
                    + " escape '!')");
            params.and("text", "%" + filter.text().toLowerCase(java.util.Locale.ROOT)
                    .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (filter.postExternalId() != null) {
            where.append(" and exists (select 1 from CasePost p where p.caseId = c.id and p.externalId = :externalId)");
            params.and("externalId", filter.postExternalId());
        }
        if (filter.createdFrom() != null) {
            where.append(" and c.openedAt >= :createdFrom");
            params.and("createdFrom", filter.createdFrom());
        }
        if (filter.createdTo() != null) {
            where.append(" and c.openedAt < :createdTo");
            params.and("createdTo", filter.createdTo());
        }
        if (filter.intent() != null) {
            where.append(" and c.intent = :intent");
            params.and("intent", filter.intent());
        }
        if (filter.language() != null) {
            where.append(" and c.language = :language");
            params.and("language", filter.language());
        }
        if (filter.unassigned() != null) {
            // Unassigned as claims see it (CaseClaims): no agent id and no login.
            where.append(filter.unassigned() ? " and c.assigneeId is null and c.assigneeUsername is null"
                    : " and (c.assigneeId is not null or c.assigneeUsername is not null)");
        }
        if (filter.customer() != null) {
            where.append(" and c.customerPlatformId = :customer");
            params.and("customer", filter.customer());
        }
        if (filter.agentUsername() != null) {
            // An agent: their own cases and the queue (unassigned, or assigned without a known login).
            where.append(" and (c.assigneeUsername is null or c.assigneeUsername = :me)");
            params.and("me", filter.agentUsername());
        }
        switch (filter.hidden()) {
            case EXCLUDE -> where.append(" and c.hiddenReason is null");
            case ONLY -> where.append(" and c.hiddenReason is not null");
            case INCLUDE -> { }
        }
        String cmp = oldestFirst ? ">" : "<";
        if (after != null) {
            where.append(" and (c.openedAt ").append(cmp).append(" :afterOpenedAt or (c.openedAt = :afterOpenedAt and c.id ")
                    .append(cmp).append(" :afterId))");
            params.and("afterOpenedAt", after.at()).and("afterId", after.id());
        }
        String direction = oldestFirst ? "asc" : "desc";
        where.append(" order by c.openedAt ").append(direction).append(", c.id ").append(direction);
        return CustomerCase.<CustomerCase>find(where.toString(), params)
                .range(0, limit) // inclusive: one more than asked, which tells whether a next page exists
                .list()
                .map(rows -> {
                    if (rows.size() <= limit) {
                        return new Page(rows, null);
                    }
                    List<CustomerCase> items = new ArrayList<>(rows.subList(0, limit));
                    CustomerCase last = items.get(items.size() - 1);
                    return new Page(items, new PageCursor(last.openedAt, last.id));
                });
    }

    /**
     * A case whose customer waits past an SLA target, the post that waits, and our latest reply when it
     * failed to reach the customer (with the platform's reason), else null.
     */
    public record Missed(CustomerCase kase, String target, Instant waitingSince, Instant dueAt, CasePost post,
            CaseReply failedReply) {
    }

    /** One page of the missed view and the cursor of the next one. */
    public record MissedPage(List<Missed> items, PageCursor next) {
    }

    /**
     * Unanswered customers past their first- or next-response target, oldest wait first, until we
     * answer (late is better than never). Hidden, resolved and closed cases are not listed.
     */
    @WithSession
    public Uni<MissedPage> missed(Instant now, String agentUsername, PageCursor after, int limit) {
        StringBuilder q = new StringBuilder("from CustomerCase c where c.hiddenReason is null"
                + " and c.status in ('new', 'open', 'pending', 'on-hold')"
                + " and ((c.firstResponseAt is null and c.firstResponseDueAt < :now) or c.nextResponseDueAt < :now)");
        Parameters params = Parameters.with("now", now);
        if (agentUsername != null) {
            q.append(" and (c.assigneeUsername is null or c.assigneeUsername = :me)");
            params.and("me", agentUsername);
        }
        if (after != null) {
            q.append(" and (coalesce(c.turnStartedAt, c.openedAt) > :afterAt"
                    + " or (coalesce(c.turnStartedAt, c.openedAt) = :afterAt and c.id > :afterId))");
            params.and("afterAt", after.at()).and("afterId", after.id());
        }
        q.append(" order by coalesce(c.turnStartedAt, c.openedAt), c.id");
        return CustomerCase.<CustomerCase>find(q.toString(), params).range(0, limit).list().chain(rows -> {
            List<CustomerCase> page = rows.size() <= limit ? rows : rows.subList(0, limit);
            if (page.isEmpty()) {
                return Uni.createFrom().item(new MissedPage(List.of(), null));
            }
            List<UUID> ids = page.stream().map(c -> c.id).toList();
            return CasePost.<CasePost>find("caseId in ?1 and fromOwnAccount = false and deletedAt is null",
                    Sort.ascending("createdAt", "receivedAt", "id"), ids).list()
                    .chain(posts -> CaseReply.<CaseReply>find("caseId in ?1", Sort.ascending("requestedAt", "id"), ids)
                            .list().map(replies -> {
                        List<Missed> items = new ArrayList<>();
                        for (CustomerCase c : page) {
                            boolean first = c.firstResponseAt == null;
                            Instant since = c.turnStartedAt != null ? c.turnStartedAt : c.openedAt;
                            // The post that waits is one that counts (not hidden, not a survey answer),
                            // from when it waits (an un-hidden post: from its un-hide time).
                            CasePost waiting = posts.stream()
                                    .filter(p -> p.caseId.equals(c.id) && p.countsAsCustomerMessage()
                                            && !p.waitsFrom().isBefore(first ? c.openedAt : since))
                                    .min(java.util.Comparator.comparing(CasePost::waitsFrom)).orElse(null);
                            // The agent's latest attempt, when the platform refused it: why the case is back.
                            CaseReply latest = replies.stream().filter(r -> r.caseId.equals(c.id))
                                    .reduce((a, b) -> b).orElse(null);
                            CaseReply failed = latest != null && CaseReply.FAILED.equals(latest.status) ? latest : null;
                            items.add(new Missed(c, first ? SlaSchedule.FIRST_RESPONSE : SlaSchedule.NEXT_RESPONSE,
                                    since, first ? c.firstResponseDueAt : c.nextResponseDueAt, waiting, failed));
                        }
                        PageCursor next = null;
                        if (rows.size() > limit) {
                            Missed last = items.get(items.size() - 1);
                            next = new PageCursor(last.waitingSince(), last.kase().id);
                        }
                        return new MissedPage(items, next);
                    }));
        });
    }

    @WithSession
    public Uni<CaseWithPosts> get(UUID id) {
        return CustomerCase.<CustomerCase>findById(id).chain(kase -> kase == null
                ? Uni.createFrom().nullItem()
                // Echoes are shown on their replies (the timeline), not as posts; echoes of our other
                // messages (survey invitations, consent requests) not at all.
                : CasePost.<CasePost>find("caseId = ?1 and echoOfReplyId is null and echoOfMessageId is null",
                        Sort.ascending("createdAt", "receivedAt", "id"), id).list()
                        .map(posts -> new CaseWithPosts(kase, posts)));
    }

    // --- helpers --------------------------------------------------------------------------

    private static void requireValid(PostIngested post) {
        if (post.postId() == null || post.channel() == null || post.externalId() == null
                || post.conversationKey() == null || post.author() == null || post.author().platformUserId() == null
                || post.text() == null || post.createdAt() == null) {
            throw new PoisonEventException("post.ingested without postId, channel, externalId, conversationKey, "
                    + "author.platformUserId, text or createdAt");
        }
    }

    private static Uni<CasePost> findPost(String channel, String externalId) {
        return CasePost.<CasePost>find("channel = ?1 and externalId = ?2", channel, externalId).firstResult();
    }

    private static Uni<Threading.Candidate> parentCase(String channel, String inReplyTo) {
        if (inReplyTo == null) {
            return Uni.createFrom().nullItem();
        }
        return findPost(channel, inReplyTo).chain(parent -> parent == null
                ? Uni.createFrom().nullItem()
                : CustomerCase.<CustomerCase>findById(parent.caseId).map(CaseStore::candidate));
    }

    /**
     * The newest case of the post's conversation that is not closed: the case the conversation opened, or
     * for a private thread also the case its posts continued ({@link Threading.ContinueInPrivate}), so the
     * thread's later posts, ours included, find the case they continued.
     */
    private static Uni<Threading.Candidate> conversationCase(String channel, PostIngested post) {
        String conversationKey = post.conversationKey();
        return CustomerCase.<CustomerCase>find("channel = ?1 and conversationKey = ?2 and status <> ?3",
                Sort.descending("openedAt", "id"), channel, conversationKey, CaseStatus.CLOSED.wireName())
                .firstResult()
                .chain(kase -> kase != null || visibility(post) != Visibility.PRIVATE
                        ? Uni.createFrom().item(kase)
                        : CustomerCase.<CustomerCase>find("from CustomerCase c where c.status <> ?3 and c.id in (select p.caseId"
                                + " from CasePost p where p.channel = ?1 and p.conversationKey = ?2)",
                                Sort.descending("openedAt", "id"), channel, conversationKey, CaseStatus.CLOSED.wireName())
                                .firstResult())
                .map(CaseStore::candidate);
    }

    /**
     * For a customer's private message: the newest public case of the same customer with the same account of
     * ours on the paired public channel ({@link PrivateContinuation}) that is not closed, or null.
     */
    private static Uni<Threading.Candidate> publicCase(PostIngested post) {
        var lookFor = PrivateContinuation.lookFor(post.channel(), visibility(post), post.fromOwnAccount(), post.accountId());
        if (lookFor.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        String account = lookFor.get().accountId();
        Parameters parameters = Parameters.with("channel", lookFor.get().publicChannel().wireName())
                .and("customer", post.author().platformUserId()).and("visibility", Visibility.PUBLIC.wireName())
                .and("closed", CaseStatus.CLOSED.wireName());
        // An unknown account matches only unknown ones (PrivateContinuation), and "= null" matches nothing.
        if (account != null) {
            parameters.and("account", account);
        }
        return CustomerCase.<CustomerCase>find("channel = :channel and customerPlatformId = :customer"
                + " and visibility = :visibility and status <> :closed and "
                + (account == null ? "accountId is null" : "accountId = :account"),
                Sort.descending("openedAt", "id"), parameters)
                .firstResult()
                .map(CaseStore::candidate);
    }

    private static Threading.Candidate candidate(CustomerCase kase) {
        return kase == null ? null : new Threading.Candidate(kase.id, kase.caseStatus(), kase.resolvedAt);
    }

    private CustomerCase newCase(PostIngested post) {
        Instant now = Instant.now(clock);
        CustomerCase kase = new CustomerCase();
        kase.id = UUID.randomUUID();
        kase.channel = post.channel().wireName();
        kase.visibility = visibility(post).wireName();
        kase.status = CaseStatus.NEW.wireName();
        kase.conversationKey = post.conversationKey();
        kase.customerPlatformId = post.author().platformUserId();
        kase.customerHandle = post.author().handle();
        kase.customerDisplayName = post.author().displayName();
        kase.firstPostId = post.postId();
        kase.openedAt = micros(post.createdAt());
        kase.accountId = CaseAccount.opening(post.accountId());
        PostIngested.Enrichment enrichment = post.enrichment();
        CaseTriage.Result triage = CaseTriage.triage(rules.triage(), kase.channel, enrichment);
        kase.priority = (short) triage.priority();
        kase.requiredSkills = triage.requiredSkills().toArray(String[]::new);
        kase.onlyWeCanAnswer = triage.onlyWeCanAnswer();
        if (enrichment != null) {
            kase.language = languageCode(enrichment.language());
            kase.intent = intentName(enrichment.intent());
            kase.sentiment = enrichment.sentiment() == null || enrichment.sentiment().isNaN()
                    ? null : Math.max(-1.0, Math.min(1.0, enrichment.sentiment()));
            kase.hiddenReason = hiddenReason(post);
        }
        kase.createdAt = now;
        kase.updatedAt = now;
        return kase;
    }

    private CasePost toPost(PostIngested in, UUID caseId) {
        CasePost post = new CasePost();
        post.id = in.postId();
        post.caseId = caseId;
        post.channel = in.channel().wireName();
        post.externalId = in.externalId();
        post.conversationKey = in.conversationKey();
        post.authorPlatformId = in.author().platformUserId();
        post.authorHandle = in.author().handle();
        post.authorDisplayName = in.author().displayName();
        post.text = in.text();
        post.createdAt = micros(in.createdAt());
        post.receivedAt = micros(in.receivedAt() == null ? Instant.now(clock) : in.receivedAt());
        post.inReplyToExternalId = in.inReplyToExternalId();
        post.visibility = visibility(in).wireName();
        post.fromOwnAccount = in.fromOwnAccount();
        post.hiddenReason = hiddenReason(in);
        post.accountId = CaseAccount.normalize(in.accountId());
        return post;
    }

    /** Why ingest-service hid the post (enrichment.hiddenReason), or null for a normal post. */
    private static String hiddenReason(PostIngested post) {
        return post.enrichment() == null ? null : blankToNull(post.enrichment().hiddenReason());
    }

    private static CaseOpened opened(CustomerCase kase) {
        return new CaseOpened(kase.id, Channel.fromWire(kase.channel), Visibility.fromWire(kase.visibility),
                new PostIngested.Author(kase.customerPlatformId, kase.customerHandle, kase.customerDisplayName),
                kase.firstPostId, kase.openedAt, kase.priority, List.of(kase.requiredSkills), kase.language,
                kase.intent, kase.sentiment, kase.firstResponseDueAt, kase.accountId);
    }

    /** An ISO 639 code as the events allow it (two or three letters); anything else is dropped. */
    static String languageCode(String language) {
        if (language == null) {
            return null;
        }
        String code = language.strip().toLowerCase(java.util.Locale.ROOT);
        return code.matches("[a-z]{2,3}") ? code : null;
    }

    /** An intent as the events allow it (lower case, letters, digits, hyphens); anything else is dropped. */
    static String intentName(String intent) {
        if (intent == null) {
            return null;
        }
        String name = intent.strip().toLowerCase(java.util.Locale.ROOT);
        return name.matches("[a-z][a-z0-9-]{0,63}") ? name : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Visibility visibility(PostIngested post) {
        return post.visibility() == null ? Visibility.PUBLIC : post.visibility();
    }

    /** PostgreSQL keeps microseconds: store what reads back, so cursors built from rows match rows. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
