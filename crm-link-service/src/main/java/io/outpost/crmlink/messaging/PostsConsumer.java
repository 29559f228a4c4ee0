package io.outpost.crmlink.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import io.outpost.crmlink.config.ConsentConfig;
import io.outpost.crmlink.domain.IdentityLearning;
import io.outpost.crmlink.domain.PublicProfile;
import io.outpost.crmlink.domain.RevealedAttributes;
import io.outpost.crmlink.domain.Sighting;
import io.outpost.crmlink.domain.WithdrawKeywords;
import io.outpost.crmlink.store.ConsentStore;
import io.outpost.crmlink.store.IdentityStore;
import io.outpost.crmlink.store.RevealedAttributeStore;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.kit.messaging.TraceContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Learns social identities from {@code outpost.posts}. Posts our own brand account wrote are
 * echoes of our replies, not a customer: they teach nothing. A private message that is exactly a
 * withdrawal keyword (e.g. "STOP LINK") withdraws every consent its author granted, with the
 * message as evidence, in the same transaction as the inbox's record of the event. An email, phone
 * or account number written in a private message is recorded on the identity as evidence for
 * matching it to a customer (domain/RevealedAttributes), in the same transaction. The author's
 * public profile, when the post carries one (X), is kept as the identity's latest profile, and the
 * account of ours the post was addressed to as the one the person last wrote to (consent requests
 * go out from it).
 */
@ApplicationScoped
public class PostsConsumer {

    private static final Logger LOG = Logger.getLogger(PostsConsumer.class);

    private final EventInbox inbox;
    private final IdentityStore identities;
    private final ConsentStore consents;
    private final WithdrawKeywords keywords;
    private final RevealedAttributeStore revealedAttributes;
    private final Map<String, EventInbox.Handler<?>> handlers;

    public PostsConsumer(EventInbox inbox, IdentityStore identities, ConsentStore consents, ConsentConfig config,
            RevealedAttributeStore revealedAttributes) {
        this.inbox = inbox;
        this.identities = identities;
        this.consents = consents;
        this.revealedAttributes = revealedAttributes;
        this.keywords = new WithdrawKeywords(config.withdrawKeywords());
        // Our own accounts' posts are acknowledged as read, before any transaction: they teach nothing.
        // The processed_event row stays (no idempotentByOwnKey): learning counts posts, so a redelivery
        // would count one twice, and would re-learn an identity erased since (README "The posts consumer").
        this.handlers = Map.of(EventTypes.POST_INGESTED, EventInbox.on(PostIngested.class, event -> learn(List.of(event)))
                .together(this::learn)
                .only(post -> post == null || !post.fromOwnAccount()));
    }

    /**
     * A poll of posts at a time ({@code batch=true}): the run of its {@code post.ingested} in one
     * transaction (README "The posts consumer"); a poll of one post goes the single-event way.
     */
    @Incoming("posts")
    @ActivateRequestContext
    public Uni<Void> onPosts(KafkaRecordBatch<String, String> batch) {
        return inbox.processBatch(batch, handlers);
    }

    /** The profile the post carried, dated by the post's platform time; null when it carried none. */
    static PublicProfile profile(PostIngested.Profile p, PostIngested post) {
        return p == null ? null : PublicProfile.seen(p.location(), p.description(), p.url(), p.accountCreatedAt(),
                p.followersCount(), p.verified(), post.createdAt());
    }

    /**
     * Inside the inbox's transaction: the posts' authors learned together, in the order read, then each
     * post's rare parts (revealed values, withdrawal) in that order, each with its event's trace context
     * current (a withdrawal writes consent-changed events to the outbox). A post against the contract
     * fails the run with {@link PoisonEventException}; the inbox then processes the run's posts one by
     * one, so that only that one is dead-lettered.
     */
    Uni<Void> learn(List<InboundEvent<PostIngested>> events) {
        List<IdentityLearning.Post> posts = new ArrayList<>(events.size());
        for (InboundEvent<PostIngested> event : events) {
            PostIngested post = event.payload();
            if (post == null || post.channel() == null || post.author() == null || post.author().platformUserId() == null
                    || post.author().platformUserId().isBlank() || post.createdAt() == null) {
                // Against the contract: no retry can fix it.
                return Uni.createFrom().failure(new PoisonEventException(
                        "post.ingested " + event.id() + " lacks channel, author.platformUserId or createdAt"));
            }
            posts.add(new IdentityLearning.Post(post.channel().wireName(), post.author().platformUserId().strip(),
                    new Sighting(post.author().handle(), post.author().displayName(), post.createdAt()),
                    profile(post.author().profile(), post), post.postId(), post.accountId()));
        }
        return identities.learnAll(posts).chain(learned -> {
            Uni<Void> steps = Uni.createFrom().voidItem();
            for (int i = 0; i < events.size(); i++) {
                InboundEvent<PostIngested> event = events.get(i);
                IdentityLearning.Learned identity = learned.get(i);
                steps = steps.chain(() -> TraceContext.<Void>within(event.traceParent(),
                        () -> afterLearning(event.payload(), identity)));
            }
            return steps;
        });
    }

    /** What only a private message does, once its author is learned. */
    private Uni<Void> afterLearning(PostIngested post, IdentityLearning.Learned identity) {
        if (post.visibility() != Visibility.PRIVATE) {
            return Uni.createFrom().voidItem();
        }
        // Only private messages: what someone posts publicly about an email or a number is not
        // necessarily their own, and a brand asks for account details in private.
        List<RevealedAttributes.Revealed> revealed = RevealedAttributes.in(post.text());
        Uni<Void> recorded = revealed.isEmpty() ? Uni.createFrom().voidItem()
                : revealedAttributes.record(identity.identityId(), revealed, post.postId(), post.externalId(), post.createdAt());
        // An identity first seen in this very message has nothing to withdraw.
        if (!identity.knownBefore() || !keywords.isWithdrawal(post.text())) {
            return recorded;
        }
        return recorded.chain(() -> consents.withdrawByMessage(identity.identityId(), post.externalId(), post.createdAt())
                .invoke(revoked -> LOG.infof("identity %s withdrew %s by private message %s", identity.identityId(), revoked,
                        post.externalId()))
                .replaceWithVoid());
    }
}
