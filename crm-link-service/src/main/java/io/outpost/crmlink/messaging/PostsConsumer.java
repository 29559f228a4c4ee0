package io.outpost.crmlink.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import io.outpost.crmlink.config.ConsentConfig;
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
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
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

    public PostsConsumer(EventInbox inbox, IdentityStore identities, ConsentStore consents, ConsentConfig config,
            RevealedAttributeStore revealedAttributes) {
        this.inbox = inbox;
        this.identities = identities;
        this.consents = consents;
        this.revealedAttributes = revealedAttributes;
        this.keywords = new WithdrawKeywords(config.withdrawKeywords());
    }

    @Incoming("posts")
    @ActivateRequestContext
    public Uni<Void> onPost(Message<String> message) {
        return inbox.process(message, Map.of(EventTypes.POST_INGESTED, EventInbox.on(PostIngested.class, this::learn)));
    }

    /** The profile the post carried, dated by the post's platform time; null when it carried none. */
    static PublicProfile profile(PostIngested.Profile p, PostIngested post) {
        return p == null ? null : PublicProfile.seen(p.location(), p.description(), p.url(), p.accountCreatedAt(),
                p.followersCount(), p.verified(), post.createdAt());
    }

    Uni<Void> learn(InboundEvent<PostIngested> event) {
        PostIngested post = event.payload();
        if (post.fromOwnAccount()) {
            return Uni.createFrom().voidItem();
        }
        if (post.channel() == null || post.author() == null || post.author().platformUserId() == null
                || post.author().platformUserId().isBlank() || post.createdAt() == null) {
            // Against the contract: no retry can fix it.
            return Uni.createFrom().failure(new PoisonEventException(
                    "post.ingested " + event.id() + " lacks channel, author.platformUserId or createdAt"));
        }
        String user = post.author().platformUserId().strip();
        Uni<Void> learn = identities.learn(post.channel(), user,
                new Sighting(post.author().handle(), post.author().displayName(), post.createdAt()),
                profile(post.author().profile(), post), post.postId(), post.accountId());
        boolean privateMessage = post.visibility() == Visibility.PRIVATE;
        List<RevealedAttributes.Revealed> revealed = privateMessage ? RevealedAttributes.in(post.text()) : List.of();
        if (!revealed.isEmpty()) {
            // Only private messages: what someone posts publicly about an email or a number is not
            // necessarily their own, and a brand asks for account details in private.
            Uni<Void> learnOnly = learn;
            learn = learnOnly.chain(() -> identities.find(post.channel(), user))
                    .chain(identity -> revealedAttributes.record(identity.id, revealed, post.postId(), post.externalId(),
                            post.createdAt()));
        }
        if (!privateMessage || !keywords.isWithdrawal(post.text())) {
            return learn;
        }
        Uni<Void> learnFirst = learn;
        // Looked up before learning: an identity first seen in this message has nothing to withdraw.
        return identities.find(post.channel(), user).chain(known -> learnFirst.chain(() -> known == null
                ? Uni.createFrom().voidItem()
                : consents.withdrawByMessage(known.id, post.externalId(), post.createdAt())
                        .invoke(revoked -> LOG.infof("identity %s withdrew %s by private message %s", known.id, revoked,
                                post.externalId()))
                        .replaceWithVoid()));
    }
}
