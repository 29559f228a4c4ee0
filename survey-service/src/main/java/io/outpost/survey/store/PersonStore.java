package io.outpost.survey.store;

import io.outpost.contracts.Channel;
import io.outpost.survey.domain.ConsentStatus;
import io.outpost.survey.domain.PersonStatus;
import io.outpost.survey.domain.SurveyPerson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** What the policy must know about a person: consent, opt-out, erasure. Every method runs in the caller's transaction. */
@ApplicationScoped
public class PersonStore {

    /** A person as the fatigue limits and exclusions count them: one account on one platform. */
    public static String personKey(Channel channel, String platformUserId) {
        return channel.wireName() + ":" + platformUserId.strip();
    }

    /**
     * Serialises decisions about one person until the transaction ends: two of their cases resolved
     * at the same moment (on different partitions) must not both pass the fatigue limit.
     */
    public Uni<Void> lock(String personKey) {
        return Panache.getSession().chain(s -> s
                .createNativeQuery("select 1 from pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .setParameter("key", "survey-person:" + personKey)
                .getSingleResult())
                .replaceWithVoid();
    }

    /**
     * Remembers a consented link from an identity to a CRM customer (the latest link of the
     * identity wins). From then on the identity's surveys and those of the customer's other
     * linked identities count together for the person fatigue limit.
     */
    public Uni<Void> link(String channel, String platformUserId, java.util.UUID linkId, String customerId,
            Instant confirmedAt) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                insert into identity_link (channel, platform_user_id, link_id, customer_id, confirmed_at)
                values (:channel, :id, :linkId, :customerId, :at)
                on conflict (channel, platform_user_id) do update set link_id = excluded.link_id,
                    customer_id = excluded.customer_id, confirmed_at = excluded.confirmed_at
                where identity_link.confirmed_at <= excluded.confirmed_at""")
                .setParameter("channel", channel)
                .setParameter("id", platformUserId.strip())
                .setParameter("linkId", linkId)
                .setParameter("customerId", customerId)
                .setParameter("at", confirmedAt)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Forgets a link (consent revoked or expired, removed by an admin); a newer link of the identity stays. */
    public Uni<Integer> unlink(String channel, String platformUserId, java.util.UUID linkId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "delete from identity_link where channel = :channel and platform_user_id = :id and link_id = :linkId")
                .setParameter("channel", channel)
                .setParameter("id", platformUserId.strip())
                .setParameter("linkId", linkId)
                .executeUpdate());
    }

    /** Forgets every link of an identity (erasure); returns how many. */
    public Uni<Integer> unlinkAll(String channel, String platformUserId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "delete from identity_link where channel = :channel and platform_user_id = :id")
                .setParameter("channel", channel)
                .setParameter("id", platformUserId.strip())
                .executeUpdate());
    }

    /**
     * What decisions about this account are serialised on: its CRM customer when it is linked to
     * one (every linked account of the person takes the same lock), else the account itself.
     */
    public Uni<String> lockKey(Channel channel, String platformUserId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select customer_id from identity_link where channel = :channel and platform_user_id = :id", String.class)
                .setParameter("channel", channel.wireName())
                .setParameter("id", platformUserId.strip())
                .getResultList())
                .map(customers -> customers.isEmpty() ? personKey(channel, platformUserId) : "crm:" + customers.get(0));
    }

    /** Opt-out, consent in force at {@code at}, erasure. */
    public Uni<PersonStatus> status(String personKey, Instant at) {
        return erased(personKey).chain(erased -> SurveyPerson.<SurveyPerson>findById(personKey)
                .map(p -> p == null
                        ? new PersonStatus(false, ConsentStatus.UNKNOWN, erased)
                        : new PersonStatus(p.optedOut, p.consentAt(at), erased)));
    }

    public Uni<Boolean> erased(String personKey) {
        return Panache.getSession().chain(s -> s
                .createNativeQuery("select count(*) from erased_person where key_hash = :hash", Long.class)
                .setParameter("hash", hash(personKey))
                .getSingleResult())
                .map(count -> count > 0);
    }

    /**
     * Records a consent change unless a later one is already recorded (events of one identity can
     * arrive out of order after a redelivery). Returns whether it was applied.
     */
    public Uni<Boolean> applyConsent(String personKey, ConsentStatus status, Instant expiresAt, Instant changedAt,
            Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                insert into survey_person (person_key, consent, consent_expires_at, consent_changed_at, updated_at)
                values (:key, :consent, :expiresAt, :changedAt, :now)
                on conflict (person_key) do update set consent = excluded.consent,
                    consent_expires_at = excluded.consent_expires_at,
                    consent_changed_at = excluded.consent_changed_at, updated_at = excluded.updated_at
                where survey_person.consent_changed_at is null
                   or survey_person.consent_changed_at <= excluded.consent_changed_at""")
                .setParameter("key", personKey)
                .setParameter("consent", status.name())
                .setParameter("expiresAt", expiresAt)
                .setParameter("changedAt", changedAt)
                .setParameter("now", now)
                .executeUpdate())
                .map(rows -> rows == 1);
    }

    /** The person asked for no more surveys. */
    public Uni<Void> optOut(String personKey, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                insert into survey_person (person_key, opted_out, updated_at) values (:key, true, :now)
                on conflict (person_key) do update set opted_out = true, updated_at = excluded.updated_at""")
                .setParameter("key", personKey)
                .setParameter("now", now)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Forgets the person's preferences and remembers (as a hash) that they were erased; returns rows removed. */
    public Uni<Integer> erase(String personKey, Instant now) {
        return Panache.getSession().chain(s -> s
                .createNativeQuery("delete from survey_person where person_key = :key")
                .setParameter("key", personKey)
                .executeUpdate()
                .call(() -> s.createNativeQuery(
                        "insert into erased_person (key_hash, erased_at) values (:hash, :now) on conflict do nothing")
                        .setParameter("hash", hash(personKey))
                        .setParameter("now", now)
                        .executeUpdate()));
    }

    static String hash(String personKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(personKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
