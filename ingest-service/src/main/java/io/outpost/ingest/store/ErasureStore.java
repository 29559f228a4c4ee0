package io.outpost.ingest.store;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.kit.messaging.Outbox;
import io.outpost.kit.messaging.PoisonEventException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Carries out an erasure request for what ingest-service holds about a person, inside the caller's
 * (the inbox's) transaction, and confirms it through the outbox in the same transaction:
 * <ul>
 * <li>their posts: platform user id replaced by {@code erased-<erasureId>} (removed, not hashed: a
 * hash of an id is recomputed by anyone who has the id), handle and display name removed, text
 * replaced by {@value #ERASED_TEXT}, text fingerprint removed. The post's ids, times and conversation
 * stay, so a redelivered webhook is still a duplicate and is not ingested again;</li>
 * <li>our outbound messages to them: recipient replaced the same way, text replaced;</li>
 * <li>the webhook deliveries that carry their id: redacted ({@link RawPayloadStore#redactMentioning}).</li>
 * </ul>
 */
@ApplicationScoped
public class ErasureStore {

    private static final Logger LOG = Logger.getLogger(ErasureStore.class);
    static final String ERASED_TEXT = "[erased]";

    private final Outbox outbox;
    private final RawPayloadStore rawPayloads;
    private final String service;
    private final Clock clock = Clock.systemUTC();

    public ErasureStore(Outbox outbox, RawPayloadStore rawPayloads,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.outbox = outbox;
        this.rawPayloads = rawPayloads;
        this.service = service;
    }

    /** Erases and confirms; a request carried out before changes and publishes nothing. */
    public Uni<Void> erase(ErasureRequested request) {
        if (request.erasureId() == null) {
            return Uni.createFrom().failure(new PoisonEventException("erasure-requested without an erasureId"));
        }
        Instant now = Instant.now(clock);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into erasure (erasure_id, records_affected, confirmed_at) values (:id, 0, :now) on conflict do nothing")
                .setParameter("id", request.erasureId())
                .setParameter("now", now)
                .executeUpdate())
                .chain(inserted -> {
                    if (inserted == 0) {
                        LOG.infof("erasure %s was carried out before: nothing changed, not confirmed again", request.erasureId());
                        return Uni.createFrom().voidItem();
                    }
                    return eraseEach(request).chain(affected -> confirm(request, affected, now));
                });
    }

    private Uni<Integer> eraseEach(ErasureRequested request) {
        List<ErasureRequested.Subject> subjects = request.identities() == null ? List.of()
                : request.identities().stream().filter(Objects::nonNull)
                        .filter(s -> s.channel() != null && s.platformUserId() != null).toList();
        String pseudonym = "erased-" + request.erasureId();
        return Multi.createFrom().iterable(subjects)
                .onItem().transformToUniAndConcatenate(subject -> eraseSubject(subject, pseudonym))
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    private Uni<Integer> eraseSubject(ErasureRequested.Subject subject, String pseudonym) {
        String channel = subject.channel().wireName();
        String id = subject.platformUserId();
        Uni<Integer> posts = Panache.getSession().chain(session -> session.createNativeQuery("""
                        update post set author_platform_id = :pseudonym, author_handle = null, author_display_name = null,
                                        text = :erased, text_fingerprint = null, author_account_created_at = null
                        where channel = :channel and author_platform_id = :id""")
                .setParameter("pseudonym", pseudonym)
                .setParameter("erased", ERASED_TEXT)
                .setParameter("channel", channel)
                .setParameter("id", id)
                .executeUpdate());
        Uni<Integer> deliveries = Panache.getSession().chain(session -> session.createNativeQuery("""
                        update delivery set recipient_id = :pseudonym, text = :erased
                        where channel = :channel and recipient_id = :id""")
                .setParameter("pseudonym", pseudonym)
                .setParameter("erased", ERASED_TEXT)
                .setParameter("channel", channel)
                .setParameter("id", id)
                .executeUpdate());
        String platform = webhookPlatform(subject.channel());
        Uni<Integer> payloads = platform == null ? Uni.createFrom().item(0) : rawPayloads.redactMentioning(platform, id);
        return posts.chain(p -> deliveries.chain(d -> payloads.map(r -> p + d + r)));
    }

    /** The webhook whose deliveries carry this channel's users; none for channels without a webhook. */
    static String webhookPlatform(Channel channel) {
        return switch (channel) {
            case X -> "x";
            case FACEBOOK, MESSENGER, INSTAGRAM -> "meta";
            default -> null;
        };
    }

    private Uni<Void> confirm(ErasureRequested request, int affected, Instant now) {
        LOG.infof("erasure %s: %d records anonymised or redacted", request.erasureId(), affected);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "update erasure set records_affected = :affected where erasure_id = :id")
                .setParameter("affected", affected)
                .setParameter("id", request.erasureId())
                .executeUpdate())
                .chain(() -> outbox.add(Topics.IDENTITY, request.erasureId().toString(), EventTypes.ERASURE_CONFIRMED,
                        new ErasureConfirmed(request.erasureId(), service, affected, now)))
                .replaceWithVoid();
    }
}
