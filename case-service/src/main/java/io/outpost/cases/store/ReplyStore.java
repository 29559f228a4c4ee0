package io.outpost.cases.store;

import io.outpost.cases.domain.AgentSignature;
import io.outpost.cases.domain.CaseActivity;
import io.outpost.cases.domain.CasePost;
import io.outpost.cases.domain.CaseReply;
import io.outpost.cases.domain.CaseStatus;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.cases.domain.MetaPrivateMessages;
import io.outpost.cases.config.CasesConfig;
import io.outpost.cases.domain.ReplyCollision;
import io.outpost.cases.domain.ReplyDelivery;
import io.outpost.cases.domain.ReplyRules;
import io.outpost.cases.domain.ReplyTarget;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.messaging.Outbox;
import io.outpost.kit.messaging.PoisonEventException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Replies, their delivery outcomes and echoes, and the users' signatures. A reply and its
 * {@code outbound.requested} outbox row commit in one transaction; it becomes a response when its
 * delivery is reported.
 */
@ApplicationScoped
public class ReplyStore {

    private static final Logger LOG = Logger.getLogger(ReplyStore.class);

    /** Who writes: the username, and the signature to append (null: none). */
    public record Author(String username, boolean signs, String defaultSignature) {
    }

    /** A case with everything its timeline shows. */
    public record Timeline(CustomerCase kase, List<CasePost> posts, List<CaseReply> replies,
            List<CaseActivity> activities) {
    }

    private final Outbox outbox;
    private final CaseLifecycle lifecycle;
    private final OwnMessageStore ownMessages;
    private final ConversationEvents conversation;
    private final CasesConfig config;
    private final Clock clock = Clock.systemUTC();

    public ReplyStore(Outbox outbox, CaseLifecycle lifecycle, OwnMessageStore ownMessages, ConversationEvents conversation,
            CasesConfig config) {
        this.conversation = conversation;
        this.config = config;
        this.outbox = outbox;
        this.lifecycle = lifecycle;
        this.ownMessages = ownMessages;
    }

    /**
     * A reply as it would go out: the text as sent (signature included), its length as the channel
     * counts it and the limit, why it would be refused (null: it would be sent) and the customer
     * post a public reply answers.
     */
    public record Draft(String sent, ReplyRules.Measure measure, String refusal, String inReplyTo,
            ReplyCollision.Collision collision) {
    }

    /** A public reply to a post a colleague answered moments ago, not confirmed: 409 {@code reply-collision}. */
    public static final class CollisionException extends RuntimeException {

        private final transient ReplyCollision.Collision collision;

        public CollisionException(UUID caseId, ReplyCollision.Collision collision) {
            super(collision.colleague() + " replied in public to the same post of case " + caseId + " at "
                    + collision.repliedAt() + "; send with confirmCollision true to reply anyway");
            this.collision = collision;
        }

        public ReplyCollision.Collision collision() {
            return collision;
        }
    }

    /**
     * Records a reply and requests its delivery.
     *
     * @throws ApiException (in the Uni) 404 unknown case, 409 closed case, 422 a refused reply
     */
    @WithTransaction
    public Uni<CaseReply> reply(UUID caseId, Author author, String text, Visibility visibility, boolean confirmCollision) {
        return reply(caseId, author, text, visibility, OutboundRequested.Lane.ORDINARY, confirmCollision);
    }

    /**
     * As {@link #reply(UUID, Author, String, Visibility)}, its delivery requested in {@code lane}: an
     * incident's bulk reply is {@link OutboundRequested.Lane#BULK}, so that ingest sends it only with
     * what the account's conversations leave of its rate limit.
     */
    @WithTransaction
    public Uni<CaseReply> reply(UUID caseId, Author author, String text, Visibility visibility, OutboundRequested.Lane lane) {
        // An incident's bulk reply is the supervisor's one answer to every attached case: no collision check.
        return reply(caseId, author, text, visibility, lane, true);
    }

    private Uni<CaseReply> reply(UUID caseId, Author author, String text, Visibility visibility,
            OutboundRequested.Lane lane, boolean confirmCollision) {
        // The collision is decided on the replies this transaction reads; the case row is written with its version
        // check (record), so of two colleagues replying at once one runs again and then sees the other's reply.
        return openCase(caseId).chain(kase -> draft(kase, author, text, visibility).chain(draft -> draft.refusal() != null
                ? Uni.createFrom().failure(ApiException.unprocessable(draft.refusal()))
                : draft.collision() != null && !confirmCollision
                        ? Uni.createFrom().failure(new CollisionException(caseId, draft.collision()))
                        : record(kase, author, draft.sent(), visibility, draft.inReplyTo(), lane)));
    }

    /**
     * The reply {@link #reply} would record, without recording or sending anything: for clients
     * that show the length as the channel counts it and the refusal before the agent sends.
     *
     * @throws ApiException (in the Uni) 404 unknown case, 409 closed case (like {@link #reply})
     */
    @WithSession
    public Uni<Draft> check(UUID caseId, Author author, String text, Visibility visibility) {
        return openCase(caseId).chain(kase -> draft(kase, author, text, visibility));
    }

    private static Uni<CustomerCase> openCase(UUID caseId) {
        return CustomerCase.<CustomerCase>findById(caseId).map(kase -> {
            if (kase == null) {
                throw ApiException.notFound("no case " + caseId);
            }
            if (kase.caseStatus() == CaseStatus.CLOSED) {
                throw ApiException.conflict("case " + caseId + " is closed");
            }
            return kase;
        });
    }

    /** The one place that decides what a reply would be: {@link #reply} and {@link #check} cannot disagree. */
    private Uni<Draft> draft(CustomerCase kase, Author author, String text, Visibility visibility) {
        return signatureOf(author).chain(signature -> {
            Channel channel = Channel.fromWire(kase.channel);
            String sent = ReplyRules.withSignature(text, signature);
            ReplyRules.Measure measure = ReplyRules.measure(channel, visibility, sent);
            var refusal = ReplyRules.refusal(channel, visibility, text, sent);
            if (refusal.isPresent()) {
                return Uni.createFrom().item(new Draft(sent, measure, refusal.get(), null, null));
            }
            return inReplyTo(kase, visibility).chain(answered -> answered.refusal() != null
                    ? Uni.createFrom().item(new Draft(sent, measure, answered.refusal(), null, null))
                    : collision(kase, author, visibility, answered.externalId())
                            .map(collision -> new Draft(sent, measure, null, answered.externalId(), collision)));
        });
    }

    /** A colleague's recent public reply to the same post ({@link ReplyCollision}), or null. */
    private Uni<ReplyCollision.Collision> collision(CustomerCase kase, Author author, Visibility visibility, String post) {
        Duration window = config.replyCollisionWindow();
        if (visibility != Visibility.PUBLIC || post == null || window.isZero() || window.isNegative()) {
            return Uni.createFrom().nullItem();
        }
        Instant now = Instant.now(clock);
        return CaseReply.<CaseReply>list("caseId = ?1 and visibility = ?2 and inReplyToExternalId = ?3 and requestedAt > ?4",
                kase.id, Visibility.PUBLIC.wireName(), post, now.minus(window))
                .map(replies -> ReplyCollision.find(author.username(), visibility.wireName(), post,
                        replies.stream().map(ReplyCollision.Earlier::of).toList(), now, window).orElse(null));
    }

    /**
     * The customer post a reply answers (for a private message: null, or the comment a Meta Private Reply
     * answers), or why there is none to answer.
     */
    private record Answered(String externalId, String refusal) {
    }

    private Uni<Answered> inReplyTo(CustomerCase kase, Visibility visibility) {
        if (visibility == Visibility.PRIVATE) {
            return privateRoute(kase);
        }
        // The domain picks among them: hidden (not un-hidden) posts and survey answers are skipped.
        return CasePost.<CasePost>list("caseId = ?1 and fromOwnAccount = false and visibility = ?2", kase.id,
                Visibility.PUBLIC.wireName())
                .map(posts -> ReplyTarget.publicPostToAnswer(posts)
                        .map(post -> new Answered(post.externalId, null))
                        .orElseGet(() -> new Answered(null, "case " + kase.id + " has no public customer post to answer: reply privately")));
    }

    /**
     * A private reply's way to the customer ({@link MetaPrivateMessages}): on Meta's channels the Private
     * Reply to a comment ({@code inReplyTo} is the comment) or a message within the 24-hour window; on the
     * others a message. Meta's refusal comes before anything is recorded.
     */
    private Uni<Answered> privateRoute(CustomerCase kase) {
        Channel channel = Channel.fromWire(kase.channel);
        if (channel != Channel.FACEBOOK && channel != Channel.INSTAGRAM && channel != Channel.MESSENGER) {
            return Uni.createFrom().item(new Answered(null, null));
        }
        return CasePost.<CasePost>list("caseId", kase.id).chain(posts -> CaseReply.<CaseReply>list(
                "caseId = ?1 and visibility = ?2 and inReplyToExternalId is not null and status <> ?3", kase.id,
                Visibility.PRIVATE.wireName(), CaseReply.FAILED)
                .map(replies -> {
                    Set<String> repliedPrivately = replies.stream().map(r -> r.inReplyToExternalId).collect(Collectors.toSet());
                    MetaPrivateMessages.Route route = MetaPrivateMessages.route(channel, posts, repliedPrivately,
                            Instant.now(clock));
                    if (route instanceof MetaPrivateMessages.PrivateReply privateReply) {
                        return new Answered(privateReply.commentExternalId(), null);
                    }
                    if (route instanceof MetaPrivateMessages.Refused refused) {
                        return new Answered(null, refused.reason());
                    }
                    return new Answered(null, null);
                }));
    }

    private Uni<CaseReply> record(CustomerCase kase, Author author, String sent, Visibility visibility,
            String inReplyTo, OutboundRequested.Lane lane) {
        Instant now = CaseStore.micros(Instant.now(clock));
        CaseReply reply = new CaseReply();
        reply.id = UUID.randomUUID();
        reply.caseId = kase.id;
        reply.authorUsername = author.username();
        reply.text = sent;
        reply.visibility = visibility.wireName();
        reply.status = CaseReply.REQUESTED;
        reply.inReplyToExternalId = inReplyTo;
        reply.requestedAt = now;
        reply.updatedAt = now;
        kase.updatedAt = now;
        // From the account the customer wrote to (null: the channel's default), whatever the kind or lane:
        // a brand with several accounts on a channel answers from the one it was asked on.
        OutboundRequested ordinary = new OutboundRequested(reply.id,
                visibility == Visibility.PUBLIC ? OutboundRequested.Kind.PUBLIC_REPLY
                        : OutboundRequested.Kind.PRIVATE_MESSAGE,
                kase.id, Channel.fromWire(kase.channel), kase.accountId, kase.customerPlatformId, inReplyTo, sent, now);
        OutboundRequested event = lane == OutboundRequested.Lane.BULK ? ordinary.inBulkLane() : ordinary;
        // Not a response yet: it counts once delivered (delivered below), when the customer can read it.
        return reply.<CaseReply>persist()
                .call(() -> lifecycle.refreshSla(kase))
                .call(() -> outbox.add(Topics.OUTBOUND, kase.id.toString(), EventTypes.OUTBOUND_REQUESTED, event))
                .call(() -> conversation.replyAdded(kase, reply));
    }

    private Uni<String> signatureOf(Author author) {
        if (!author.signs()) {
            return Uni.createFrom().nullItem();
        }
        return AgentSignature.<AgentSignature>findById(author.username())
                .map(stored -> stored == null ? author.defaultSignature() : stored.signature);
    }

    /**
     * Applies a delivery outcome to its reply ({@link ReplyDelivery}), inside the inbox's transaction.
     * Other messages of ours (survey invitations, consent requests) are remembered so that their echoes are
     * no responses ({@link OwnMessageStore#delivered}). Delivered: the reply
     * counts as a response from now, and an echo that came before the report (filed as our own post,
     * since its platform id was not known yet) becomes the reply's confirmation. Failed: the turn stays
     * open, the platform's reason on the reply ({@link CaseLifecycle#replyFailed}). A repeat changes
     * nothing.
     */
    public Uni<Void> delivered(DeliveryReported report) {
        if (report.messageId() == null || report.status() == null) {
            throw new PoisonEventException("delivery.reported without messageId or status");
        }
        return CaseReply.<CaseReply>findById(report.messageId()).chain(reply -> {
            if (reply == null) {
                LOG.debugf("delivery.reported for %s: not a reply of ours", report.messageId());
                return ownMessages.delivered(report);
            }
            Instant now = CaseStore.micros(Instant.now(clock));
            Instant reportedAt = CaseStore.micros(report.reportedAt() == null ? now : report.reportedAt());
            boolean delivered = report.status() == DeliveryReported.Status.DELIVERED;
            ReplyDelivery.State next = delivered
                    ? ReplyDelivery.delivered(reply.delivery(), report.platformMessageId(), reportedAt)
                    : ReplyDelivery.failed(reply.delivery(), report.failureReason(), reportedAt);
            if (!reply.apply(next)) {
                return Uni.createFrom().voidItem();
            }
            reply.updatedAt = now;
            // The case is loaded before the early echo is looked for, and its row is written (updatedAt)
            // with its version check: an echo filed concurrently makes one of the two run again, and
            // the second then sees the first.
            return CustomerCase.<CustomerCase>findById(reply.caseId).chain(kase -> {
                kase.updatedAt = now;
                return (delivered
                        ? earlyEcho(kase, reply).invoke(echo -> {
                            if (echo != null) {
                                confirm(reply, echo, now);
                            }
                        }).chain(() -> lifecycle.refreshSla(kase))
                        : lifecycle.replyFailed(kase, reply))
                        .chain(() -> conversation.deliveryChanged(kase, reply));
            });
        });
    }

    /**
     * Our own post on the reply's case that carries the reply's platform message id and is not yet
     * anybody's echo: the echo came before the delivery report.
     */
    private static Uni<CasePost> earlyEcho(CustomerCase kase, CaseReply reply) {
        if (reply.platformMessageId == null) {
            return Uni.createFrom().nullItem();
        }
        return CasePost.<CasePost>find("caseId = ?1 and channel = ?2 and externalId = ?3 and fromOwnAccount = true"
                + " and echoOfReplyId is null", kase.id, kase.channel, reply.platformMessageId).firstResult();
    }

    /**
     * The echo confirms the reply: marked as its echo, the reply confirmed at the echo's platform time; true when
     * the reply's delivery state changed.
     */
    static boolean confirm(CaseReply reply, CasePost echo, Instant now) {
        echo.echoOfReplyId = reply.id;
        if (reply.apply(ReplyDelivery.echoed(reply.delivery(), echo.createdAt))) {
            reply.updatedAt = now;
            return true;
        }
        return false;
    }

    /** Sets the user's signature, replacing the previous one. */
    @WithTransaction
    public Uni<AgentSignature> setSignature(String username, String signature) {
        return AgentSignature.<AgentSignature>findById(username).chain(found -> {
            AgentSignature row = found == null ? new AgentSignature() : found;
            row.username = username;
            row.signature = signature;
            row.updatedAt = Instant.now(clock);
            return found == null ? row.<AgentSignature>persist() : Uni.createFrom().item(row);
        });
    }

    @WithSession
    public Uni<AgentSignature> signature(String username) {
        return AgentSignature.findById(username);
    }

    @WithSession
    public Uni<Timeline> timeline(UUID caseId) {
        return CustomerCase.<CustomerCase>findById(caseId).chain(kase -> kase == null
                ? Uni.createFrom().nullItem()
                // Echoes are shown on their replies (confirmedAt), not as posts; echoes of our other
                // messages (survey invitations, consent requests) not at all. The replies are read before the
                // posts (each statement sees what was committed when it ran): an echo that a late report turns into
                // its reply's confirmation is then never shown twice, as a post and as the confirmation; at worst,
                // for one read, the confirmation shows on the next. (Posts first showed both to a clean-clone
                // build's EchoesConfirmRepliesTest.)
                : CaseReply.<CaseReply>find("caseId", Sort.ascending("requestedAt", "id"), caseId).list()
                        .chain(replies -> CasePost.<CasePost>find("caseId = ?1 and echoOfReplyId is null and echoOfMessageId is null",
                                Sort.ascending("createdAt", "receivedAt", "id"), caseId).list()
                                .chain(posts -> CaseActivity.<CaseActivity>find("caseId",
                                        Sort.ascending("at", "id"), caseId).list()
                                        .map(activities -> new Timeline(kase, posts, replies, activities)))));
    }
}
