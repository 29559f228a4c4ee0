package io.outpost.crmlink.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.PostIngested;
import io.outpost.crmlink.domain.Sighting;
import io.outpost.crmlink.store.IdentityStore;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.PoisonEventException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Learns social identities from {@code outpost.posts}. Posts our own brand account wrote are
 * echoes of our replies, not a customer: they teach nothing.
 */
@ApplicationScoped
public class PostsConsumer {

    private final EventInbox inbox;
    private final IdentityStore identities;

    public PostsConsumer(EventInbox inbox, IdentityStore identities) {
        this.inbox = inbox;
        this.identities = identities;
    }

    @Incoming("posts")
    @ActivateRequestContext
    public Uni<Void> onPost(Message<String> message) {
        return inbox.process(message, Map.of(EventTypes.POST_INGESTED, EventInbox.on(PostIngested.class, this::learn)));
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
        return identities.learn(post.channel(), post.author().platformUserId().strip(),
                new Sighting(post.author().handle(), post.author().displayName(), post.createdAt()), post.postId());
    }
}
