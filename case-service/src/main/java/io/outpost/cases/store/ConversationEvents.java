package io.outpost.cases.store;

import io.outpost.cases.domain.CasePost;
import io.outpost.cases.domain.CaseReply;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.CasePostAdded;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.outpost.kit.messaging.Outbox;

/**
 * {@code case.post-added}: what joined a case's conversation, for consoles that show it live; written to the
 * outbox inside the transaction that adds the post or reply or changes the reply's delivery, so it is
 * published exactly when that commits. Ids and kinds only (a Kafka record cannot be erased). Nothing for
 * hidden cases or hidden (not un-hidden) posts: noise that drives nothing and agents never see.
 */
@ApplicationScoped
public class ConversationEvents {

    private final Outbox outbox;

    public ConversationEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** A post filed into the case (a customer's, or one our account made on the platform). */
    public Uni<Void> postAdded(CustomerCase kase, CasePost post) {
        if (kase == null || kase.hidden() || post.hidden()) {
            return Uni.createFrom().voidItem();
        }
        return publish(kase, new CasePostAdded(kase.id, post.fromOwnAccount ? CasePostAdded.Kind.OWN_POST
                : CasePostAdded.Kind.CUSTOMER_POST, post.id, null, Visibility.fromWire(post.visibility), null,
                post.createdAt));
    }

    /** Our reply, requested through the API. */
    public Uni<Void> replyAdded(CustomerCase kase, CaseReply reply) {
        return reply(kase, reply, CasePostAdded.Kind.REPLY, reply.requestedAt);
    }

    /** A reply's delivery state changed (reported delivered or failed, or its echo confirmed it). */
    public Uni<Void> deliveryChanged(CustomerCase kase, CaseReply reply) {
        return reply(kase, reply, CasePostAdded.Kind.REPLY_DELIVERY, reply.updatedAt);
    }

    private Uni<Void> reply(CustomerCase kase, CaseReply reply, CasePostAdded.Kind kind, java.time.Instant at) {
        if (kase == null || kase.hidden()) {
            return Uni.createFrom().voidItem();
        }
        return publish(kase, new CasePostAdded(kase.id, kind, null, reply.id, Visibility.fromWire(reply.visibility),
                delivery(reply), at));
    }

    /** The reply's delivery state in the event's words: requested, delivered, failed, or confirmed by its echo. */
    static String delivery(CaseReply reply) {
        return reply.confirmedAt != null && !CaseReply.FAILED.equals(reply.status) ? "confirmed" : reply.status;
    }

    private Uni<Void> publish(CustomerCase kase, CasePostAdded event) {
        return outbox.add(Topics.CASES, kase.id.toString(), EventTypes.CASE_POST_ADDED, event).replaceWithVoid();
    }
}
