package io.outpost.cases.store;

import io.outpost.cases.domain.CasePost;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.cases.domain.OwnMessage;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.PostIngested;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The messages Outpost sent that are no case replies (survey invitations, consent requests, incidents'
 * public posts), remembered by their platform message id from their delivery reports, so that their
 * echoes are never taken for responses the brand typed on the platform ({@link OwnMessage}).
 *
 * <p>The echo (on {@code outpost.posts}) and the report (on {@code outpost.delivery}) may be handled at
 * once, and they need not touch the same case row (a consent request names no case; a survey's DM
 * thread may belong to another case than the survey's), so the case row's version check cannot order
 * them as it does for replies. Both take one transaction-level advisory lock per (channel, platform
 * message id) before they look for each other: the second then sees what the first committed (READ
 * COMMITTED reads each statement's snapshot, taken after the lock was granted).
 */
@ApplicationScoped
public class OwnMessageStore {

    private static final Logger LOG = Logger.getLogger(OwnMessageStore.class);

    /**
     * The first key of our two-key advisory locks ("OMSG"); two-key locks never collide with one-key
     * ones such as service-kit's outbox relay lock.
     */
    private static final int LOCK_SPACE = 0x4f4d5347;

    private final CaseLifecycle lifecycle;
    private final Clock clock = Clock.systemUTC();

    public OwnMessageStore(CaseLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /**
     * The message of ours (no reply) whose platform message id is the own-account post's external id, or
     * null; inside the caller's transaction, holding the message's lock until it commits.
     */
    static Uni<UUID> echoedMessage(PostIngested post) {
        String channel = post.channel().wireName();
        return lock(channel, post.externalId())
                .chain(() -> OwnMessage.<OwnMessage>findById(new OwnMessage.Key(channel, post.externalId())))
                .map(own -> own == null ? null : own.messageId);
    }

    /**
     * A delivered report that matches no reply of ours: remembers the message (a repeat changes nothing),
     * and an echo of it that came first, filed as our own post (a response by the brand, since nothing
     * told it apart then), becomes the message's echo: no response, the case's service level recomputed.
     * Inside the inbox's transaction.
     */
    public Uni<Void> delivered(DeliveryReported report) {
        if (report.status() != DeliveryReported.Status.DELIVERED || report.channel() == null
                || report.platformMessageId() == null) {
            // A failed message has no echo.
            return Uni.createFrom().voidItem();
        }
        String channel = report.channel().wireName();
        OwnMessage.Key key = new OwnMessage.Key(channel, report.platformMessageId());
        Instant now = CaseStore.micros(Instant.now(clock));
        return lock(channel, report.platformMessageId())
                .chain(() -> OwnMessage.<OwnMessage>findById(key))
                .chain(found -> {
                    if (found != null) {
                        return Uni.createFrom().voidItem();
                    }
                    OwnMessage own = new OwnMessage();
                    own.key = key;
                    own.messageId = report.messageId();
                    own.caseId = report.caseId();
                    own.reportedAt = report.reportedAt() == null ? now : CaseStore.micros(report.reportedAt());
                    return own.persist().chain(() -> earlyEcho(key)).chain(echo -> echo == null
                            ? Uni.createFrom().voidItem()
                            : CustomerCase.<CustomerCase>findById(echo.caseId).chain(kase -> {
                                echo.echoOfMessageId = report.messageId();
                                kase.updatedAt = now;
                                LOG.debugf("post %s:%s is the echo of our message %s, not a response", channel,
                                        echo.externalId, report.messageId());
                                return lifecycle.refreshSla(kase);
                            }));
                })
                .replaceWithVoid();
    }

    /** Our own post with the message's platform id, filed before the report as a response by the brand. */
    private static Uni<CasePost> earlyEcho(OwnMessage.Key key) {
        return CasePost.<CasePost>find("channel = ?1 and externalId = ?2 and fromOwnAccount = true"
                + " and echoOfReplyId is null and echoOfMessageId is null", key.channel(), key.platformMessageId())
                .firstResult();
    }

    private static Uni<Void> lock(String channel, String platformMessageId) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select 1 from (select pg_advisory_xact_lock(:space, hashtext(:key))) l")
                .setParameter("space", LOCK_SPACE)
                .setParameter("key", channel + ":" + platformMessageId)
                .getSingleResult())
                .replaceWithVoid();
    }
}
