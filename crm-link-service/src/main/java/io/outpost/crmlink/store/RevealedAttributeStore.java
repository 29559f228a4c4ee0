package io.outpost.crmlink.store;

import io.outpost.crmlink.domain.RevealedAttributes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * What identities revealed in private messages ({@code identity_revealed_attribute}): each value
 * once per identity (the first message that revealed it is the evidence), deleted with the identity.
 */
@ApplicationScoped
public class RevealedAttributeStore {

    /** A value as stored, with its evidence: the message that revealed it and when it was written. */
    public record Stored(RevealedAttributes.Kind kind, String value, String messageId, Instant revealedAt) {
    }

    /** Records the values in the caller's transaction (the event inbox's); a value already known is kept as it was. */
    public Uni<Void> record(UUID identityId, List<RevealedAttributes.Revealed> revealed, UUID postId, String messageId,
            Instant at) {
        Uni<Void> steps = Uni.createFrom().voidItem();
        for (RevealedAttributes.Revealed r : revealed) {
            steps = steps.chain(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                    insert into identity_revealed_attribute
                        (identity_id, attribute, value, normalized_value, post_id, message_id, revealed_at)
                    values (:identity, :attribute, :value, :normalized, :post, :message, :at)
                    on conflict (identity_id, attribute, normalized_value) do nothing
                    """)
                    .setParameter("identity", identityId)
                    .setParameter("attribute", r.kind().wireName())
                    .setParameter("value", r.value())
                    .setParameter("normalized", r.kind().normalize(r.value()))
                    .setParameter("post", postId)
                    .setParameter("message", messageId)
                    .setParameter("at", at)
                    .executeUpdate()).replaceWithVoid());
        }
        return steps;
    }

    /** The values an identity revealed, oldest first. */
    @WithSession
    public Uni<List<Stored>> of(UUID identityId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                select attribute, value, message_id, revealed_at from identity_revealed_attribute
                where identity_id = :identity order by revealed_at, id
                """, Object[].class)
                .setParameter("identity", identityId)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new Stored(RevealedAttributes.Kind.fromWireName((String) r[0]),
                        (String) r[1], (String) r[2], instant(r[3]))).toList());
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.time.LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
