package io.outpost.cases.store;

import io.outpost.cases.config.CasesConfig;
import io.outpost.kit.api.PageCursor;
import io.outpost.cases.domain.CasePost;
import io.outpost.cases.domain.CaseStatus;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.cases.domain.Threading;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.PostIngested;
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
import java.util.List;
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
    public record Filter(CaseStatus status, Channel channel, UUID assigneeId) {
    }

    /** One page of the list and the cursor of the next one (null on the last page). */
    public record Page(List<CustomerCase> items, PageCursor next) {
    }

    /** A case with its posts in platform-time order. */
    public record CaseWithPosts(CustomerCase kase, List<CasePost> posts) {
    }

    private final Outbox outbox;
    private final CasesConfig config;
    private final Clock clock = Clock.systemUTC();

    public CaseStore(Outbox outbox, CasesConfig config) {
        this.outbox = outbox;
        this.config = config;
    }

    // --- writes (inside the caller's transaction) ----------------------------------------

    /** Files a post into its case, opening one when the threading rules say so. */
    public Uni<Threading.Decision> file(PostIngested post) {
        requireValid(post);
        String channel = post.channel().wireName();
        Uni<Boolean> alreadyFiled = findPost(channel, post.externalId()).map(p -> p != null);
        return alreadyFiled.chain(filed -> filed
                ? Uni.createFrom().item((Threading.Decision) new Threading.Skip("already filed"))
                : parentCase(channel, post.inReplyToExternalId())
                        .chain(parent -> conversationCase(channel, post.conversationKey())
                                .map(conversation -> Threading.decide(false, post.fromOwnAccount(), parent, conversation))))
                .call(decision -> apply(decision, post));
    }

    /**
     * Records an agent response at {@code at}; the case keeps the earliest. One statement in the
     * caller's transaction, so concurrent replies and echoes cannot lose the earliest time.
     */
    public static Uni<Void> recordResponse(UUID caseId, Instant at) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("update customer_case set first_response_at = "
                        + "least(coalesce(first_response_at, :at), :at) where id = :id")
                        .setParameter("at", at)
                        .setParameter("id", caseId)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private Uni<Void> apply(Threading.Decision decision, PostIngested post) {
        if (decision instanceof Threading.Join join) {
            return CustomerCase.<CustomerCase>findById(join.caseId())
                    .chain(kase -> {
                        kase.updatedAt = Instant.now(clock);
                        Uni<?> filed = toPost(post, kase.id).persist();
                        // An echo of a reply made on the platform: a response, at the platform's time.
                        return join.agentReply() ? filed.call(() -> recordResponse(kase.id, micros(post.createdAt()))) : filed;
                    })
                    .replaceWithVoid();
        }
        if (decision instanceof Threading.Open) {
            CustomerCase kase = newCase(post);
            return kase.persist()
                    .chain(() -> toPost(post, kase.id).persist())
                    .chain(() -> outbox.add(Topics.CASES, kase.id.toString(), EventTypes.CASE_OPENED, opened(kase)))
                    .replaceWithVoid();
        }
        LOG.debugf("post %s:%s not filed: %s", post.channel().wireName(), post.externalId(),
                ((Threading.Skip) decision).reason());
        return Uni.createFrom().voidItem();
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
        return CustomerCase.<CustomerCase>findById(assignment.caseId()).invoke(kase -> {
            if (kase == null) {
                throw new PoisonEventException("assignment " + assignment.assignmentId() + " for unknown case "
                        + assignment.caseId());
            }
            boolean repeat = assignment.assignmentId() != null && assignment.assignmentId().equals(kase.assignmentId);
            boolean stale = kase.assignedAt != null && assignment.assignedAt().isBefore(kase.assignedAt);
            if (repeat || stale) {
                return;
            }
            kase.assigneeId = assignment.agentId();
            kase.assigneeName = assignment.agentName();
            kase.assignedAt = micros(assignment.assignedAt());
            kase.assignmentId = assignment.assignmentId();
            if (kase.caseStatus() == CaseStatus.NEW) {
                kase.status = CaseStatus.OPEN.wireName();
            }
            kase.updatedAt = Instant.now(clock);
        }).replaceWithVoid();
    }

    // --- reads ----------------------------------------------------------------------------

    @WithSession
    public Uni<Page> list(Filter filter, PageCursor after, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.and("status", filter.status().wireName());
        }
        if (filter.channel() != null) {
            where.append(" and channel = :channel");
            params.and("channel", filter.channel().wireName());
        }
        if (filter.assigneeId() != null) {
            where.append(" and assigneeId = :assigneeId");
            params.and("assigneeId", filter.assigneeId());
        }
        if (after != null) {
            where.append(" and (openedAt < :afterOpenedAt or (openedAt = :afterOpenedAt and id < :afterId))");
            params.and("afterOpenedAt", after.at()).and("afterId", after.id());
        }
        Sort newestFirst = Sort.descending("openedAt", "id");
        return CustomerCase.<CustomerCase>find(where.toString(), newestFirst, params)
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

    @WithSession
    public Uni<CaseWithPosts> get(UUID id) {
        return CustomerCase.<CustomerCase>findById(id).chain(kase -> kase == null
                ? Uni.createFrom().nullItem()
                : CasePost.<CasePost>find("caseId", Sort.ascending("createdAt", "receivedAt", "id"), id).list()
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

    private static Uni<Threading.Candidate> conversationCase(String channel, String conversationKey) {
        return CustomerCase.<CustomerCase>find("channel = ?1 and conversationKey = ?2 and status <> ?3",
                Sort.descending("openedAt", "id"), channel, conversationKey, CaseStatus.CLOSED.wireName())
                .firstResult()
                .map(CaseStore::candidate);
    }

    private static Threading.Candidate candidate(CustomerCase kase) {
        return kase == null ? null : new Threading.Candidate(kase.id, kase.caseStatus());
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
        kase.priority = (short) config.defaultPriority();
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
        return post;
    }

    private static CaseOpened opened(CustomerCase kase) {
        return new CaseOpened(kase.id, Channel.fromWire(kase.channel), Visibility.fromWire(kase.visibility),
                new PostIngested.Author(kase.customerPlatformId, kase.customerHandle, kase.customerDisplayName),
                kase.firstPostId, kase.openedAt, kase.priority, List.of(), null);
    }

    private static Visibility visibility(PostIngested post) {
        return post.visibility() == null ? Visibility.PUBLIC : post.visibility();
    }

    /** PostgreSQL keeps microseconds: store what reads back, so cursors built from rows match rows. */
    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
