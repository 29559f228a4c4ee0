package io.outpost.cases.store;

import io.outpost.cases.domain.AgentSignature;
import io.outpost.cases.domain.CaseActivity;
import io.outpost.cases.domain.CasePost;
import io.outpost.cases.domain.CaseReply;
import io.outpost.cases.domain.CaseStatus;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.cases.domain.ReplyRules;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Replies, their delivery outcomes and the users' signatures. A reply, its case's first response
 * and its {@code outbound.requested} outbox row commit in one transaction.
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
    private final Clock clock = Clock.systemUTC();

    public ReplyStore(Outbox outbox, CaseLifecycle lifecycle) {
        this.outbox = outbox;
        this.lifecycle = lifecycle;
    }

    /**
     * Records a reply and requests its delivery.
     *
     * @throws ApiException (in the Uni) 404 unknown case, 409 closed case, 422 a refused reply
     */
    @WithTransaction
    public Uni<CaseReply> reply(UUID caseId, Author author, String text, Visibility visibility) {
        return CustomerCase.<CustomerCase>findById(caseId).chain(kase -> {
            if (kase == null) {
                return Uni.createFrom().failure(ApiException.notFound("no case " + caseId));
            }
            if (kase.caseStatus() == CaseStatus.CLOSED) {
                return Uni.createFrom().failure(ApiException.conflict("case " + caseId + " is closed"));
            }
            return signatureOf(author).chain(signature -> {
                Channel channel = Channel.fromWire(kase.channel);
                String sent = ReplyRules.withSignature(text, signature);
                var refusal = ReplyRules.refusal(channel, visibility, text, sent);
                if (refusal.isPresent()) {
                    return Uni.createFrom().failure(ApiException.unprocessable(refusal.get()));
                }
                return inReplyTo(kase, visibility).chain(inReplyTo -> record(kase, author, sent, visibility, inReplyTo));
            });
        });
    }

    private Uni<String> inReplyTo(CustomerCase kase, Visibility visibility) {
        if (visibility == Visibility.PRIVATE) {
            return Uni.createFrom().nullItem();
        }
        return CasePost.<CasePost>find("caseId = ?1 and fromOwnAccount = false and visibility = ?2",
                Sort.descending("createdAt", "receivedAt", "id"), kase.id, Visibility.PUBLIC.wireName())
                .firstResult()
                .map(post -> {
                    if (post == null) {
                        throw ApiException.unprocessable("case " + kase.id
                                + " has no public customer post to answer: reply privately");
                    }
                    return post.externalId;
                });
    }

    private Uni<CaseReply> record(CustomerCase kase, Author author, String sent, Visibility visibility,
            String inReplyTo) {
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
        OutboundRequested event = new OutboundRequested(reply.id,
                visibility == Visibility.PUBLIC ? OutboundRequested.Kind.PUBLIC_REPLY
                        : OutboundRequested.Kind.PRIVATE_MESSAGE,
                kase.id, Channel.fromWire(kase.channel), null, kase.customerPlatformId, inReplyTo, sent, now);
        return reply.<CaseReply>persist()
                .call(() -> CaseStore.recordResponse(kase.id, now))
                .call(() -> lifecycle.refreshSla(kase))
                .call(() -> outbox.add(Topics.OUTBOUND, kase.id.toString(), EventTypes.OUTBOUND_REQUESTED, event));
    }

    private Uni<String> signatureOf(Author author) {
        if (!author.signs()) {
            return Uni.createFrom().nullItem();
        }
        return AgentSignature.<AgentSignature>findById(author.username())
                .map(stored -> stored == null ? author.defaultSignature() : stored.signature);
    }

    /**
     * Applies a delivery outcome to its reply, inside the inbox's transaction. Unknown message ids
     * are ignored (they may be surveys' or crm-link's messages). A delivered reply stays delivered;
     * a failed one may still become delivered (a retry on the platform's side).
     */
    public Uni<Void> delivered(DeliveryReported report) {
        if (report.messageId() == null || report.status() == null) {
            throw new PoisonEventException("delivery.reported without messageId or status");
        }
        return CaseReply.<CaseReply>findById(report.messageId()).invoke(reply -> {
            if (reply == null) {
                LOG.debugf("delivery.reported for %s: not a reply of ours, ignored", report.messageId());
                return;
            }
            if (CaseReply.DELIVERED.equals(reply.status)) {
                return;
            }
            Instant now = Instant.now(clock);
            if (report.status() == DeliveryReported.Status.DELIVERED) {
                reply.status = CaseReply.DELIVERED;
                reply.platformMessageId = report.platformMessageId();
                reply.failureReason = null;
            } else {
                reply.status = CaseReply.FAILED;
                reply.failureReason = report.failureReason() == null ? "no reason given" : report.failureReason();
            }
            reply.reportedAt = CaseStore.micros(report.reportedAt() == null ? now : report.reportedAt());
            reply.updatedAt = now;
        }).replaceWithVoid();
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
                : CasePost.<CasePost>find("caseId", Sort.ascending("createdAt", "receivedAt", "id"), caseId).list()
                        .chain(posts -> CaseReply.<CaseReply>find("caseId",
                                Sort.ascending("requestedAt", "id"), caseId).list()
                                .chain(replies -> CaseActivity.<CaseActivity>find("caseId",
                                        Sort.ascending("at", "id"), caseId).list()
                                        .map(activities -> new Timeline(kase, posts, replies, activities)))));
    }
}
