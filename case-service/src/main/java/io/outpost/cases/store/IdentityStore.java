package io.outpost.cases.store;

import io.outpost.cases.domain.CaseActivity;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.cases.domain.CustomerLink;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.contracts.events.LinkConfirmed;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.kit.messaging.Outbox;
import io.outpost.kit.messaging.PoisonEventException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What crm-link-service tells us about people (outpost.identity): consented links put the CRM
 * customer id on the identity's cases, removed links take it off at once, erasure requests
 * anonymise the person's posts and cases. Runs inside the event inbox's transaction.
 */
@ApplicationScoped
public class IdentityStore {

    /** What an erased text or name becomes. */
    static final String ERASED = "[erased]";

    private final Outbox outbox;
    private final String service;
    private final Clock clock = Clock.systemUTC();

    public IdentityStore(Outbox outbox, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.outbox = outbox;
        this.service = service;
    }

    /** Stores the link, and the CRM customer id on every case of the identity. */
    public Uni<Void> linkConfirmed(LinkConfirmed e) {
        if (e.channel() == null || e.platformUserId() == null || e.customerId() == null || e.linkId() == null) {
            throw new PoisonEventException("link-confirmed without linkId, channel, platformUserId or customerId");
        }
        CustomerLink.Identity identity = new CustomerLink.Identity(e.channel().wireName(), e.platformUserId());
        Instant now = CaseStore.micros(Instant.now(clock));
        return CustomerLink.<CustomerLink>findById(identity).chain(found -> {
            CustomerLink link = found == null ? new CustomerLink() : found;
            link.identity = identity;
            link.linkId = e.linkId();
            link.crmCustomerId = e.customerId();
            link.confirmedAt = CaseStore.micros(e.confirmedAt() == null ? now : e.confirmedAt());
            Uni<?> saved = found == null ? link.persist() : Uni.createFrom().item(link);
            return saved.chain(() -> casesOf(identity.channel(), identity.platformUserId()))
                    .chain(cases -> each(cases, kase -> {
                        if (e.customerId().equals(kase.crmCustomerId)) {
                            return Uni.createFrom().voidItem();
                        }
                        kase.crmCustomerId = e.customerId();
                        kase.updatedAt = now;
                        return CaseActivity.of(kase.id, CaseActivity.CRM_LINKED, now, null, e.customerId()).persist()
                                .replaceWithVoid();
                    }));
        });
    }

    /** Drops the link and the CRM customer id from the identity's cases, at once. */
    public Uni<Void> linkRemoved(LinkRemoved e) {
        if (e.channel() == null || e.platformUserId() == null) {
            throw new PoisonEventException("link-removed without channel or platformUserId");
        }
        CustomerLink.Identity identity = new CustomerLink.Identity(e.channel().wireName(), e.platformUserId());
        Instant now = CaseStore.micros(Instant.now(clock));
        String reason = e.reason() == null ? "removed" : e.reason().wireName();
        return CustomerLink.delete("identity = ?1", identity)
                .chain(() -> casesOf(identity.channel(), identity.platformUserId()))
                .chain(cases -> each(cases, kase -> {
                    if (kase.crmCustomerId == null) {
                        return Uni.createFrom().voidItem();
                    }
                    kase.crmCustomerId = null;
                    kase.updatedAt = now;
                    return CaseActivity.of(kase.id, CaseActivity.CRM_UNLINKED, now, null, reason).persist()
                            .replaceWithVoid();
                }));
    }

    /**
     * Anonymises everything case-service holds about the person: the texts and author fields of
     * their posts, the customer fields and CRM id of their cases, the texts of the replies and
     * notes on those cases (they quote and name the person); then confirms with the number of
     * records changed, in the same transaction. Post ids and external ids stay: they identify
     * posts, not people, and keep redeliveries from filing an erased post again.
     */
    public Uni<Void> erasureRequested(ErasureRequested e) {
        if (e.erasureId() == null || ((e.identities() == null || e.identities().isEmpty()) && e.customerId() == null)) {
            throw new PoisonEventException("erasure-requested without erasureId, or with neither identities nor customerId");
        }
        String pseudonym = "erased-" + e.erasureId();
        Instant now = CaseStore.micros(Instant.now(clock));
        List<ErasureRequested.Subject> subjects = e.identities() == null ? List.of() : e.identities();
        return Panache.getSession().chain(session -> {
            Uni<Integer> total = Uni.createFrom().item(0);
            for (ErasureRequested.Subject s : subjects) {
                if (s.channel() == null || s.platformUserId() == null) {
                    continue;
                }
                String channel = s.channel().wireName();
                String user = s.platformUserId();
                // Replies and notes first: they are found through the cases, before the cases lose the identity.
                total = add(total, () -> session.createNativeQuery("update case_reply set text = :erased where case_id in "
                        + "(select id from customer_case where channel = :channel and customer_platform_id = :user)"
                        + " and text <> :erased")
                        .setParameter("erased", ERASED).setParameter("channel", channel).setParameter("user", user)
                        .executeUpdate());
                total = add(total, () -> session.createNativeQuery("update case_activity set detail = :erased where "
                        + "type in ('note', 'crm-linked', 'survey-answered') and case_id in (select id from customer_case where channel = "
                        + ":channel and customer_platform_id = :user)")
                        .setParameter("erased", ERASED).setParameter("channel", channel).setParameter("user", user)
                        .executeUpdate());
                total = add(total, () -> session.createNativeQuery("update case_post set text = :erased, "
                        + "author_platform_id = :pseudonym, author_handle = null, author_display_name = null "
                        + "where channel = :channel and author_platform_id = :user")
                        .setParameter("erased", ERASED).setParameter("pseudonym", pseudonym)
                        .setParameter("channel", channel).setParameter("user", user)
                        .executeUpdate());
                total = add(total, () -> session.createNativeQuery("insert into case_activity (id, case_id, type, at, detail) "
                        + "select gen_random_uuid(), id, 'erased', :now, :erasure from customer_case "
                        + "where channel = :channel and customer_platform_id = :user")
                        .setParameter("now", now).setParameter("erasure", e.erasureId().toString())
                        .setParameter("channel", channel).setParameter("user", user)
                        .executeUpdate().map(ignored -> 0));
                total = add(total, () -> session.createNativeQuery("update customer_case set customer_platform_id = "
                        + ":pseudonym, customer_handle = null, customer_display_name = null, crm_customer_id = null, "
                        + "updated_at = :now, version = version + 1 where channel = :channel and customer_platform_id = :user")
                        .setParameter("pseudonym", pseudonym).setParameter("now", now)
                        .setParameter("channel", channel).setParameter("user", user)
                        .executeUpdate());
                total = add(total, () -> session.createNativeQuery("delete from customer_link where channel = :channel "
                        + "and platform_user_id = :user")
                        .setParameter("channel", channel).setParameter("user", user)
                        .executeUpdate());
            }
            if (e.customerId() != null) {
                total = add(total, () -> session.createNativeQuery("delete from customer_link where crm_customer_id = :customer")
                        .setParameter("customer", e.customerId()).executeUpdate());
                total = add(total, () -> session.createNativeQuery("update customer_case set crm_customer_id = null, "
                        + "updated_at = :now, version = version + 1 where crm_customer_id = :customer")
                        .setParameter("now", now).setParameter("customer", e.customerId()).executeUpdate());
            }
            return total;
        }).chain(affected -> outbox.add(Topics.IDENTITY, e.erasureId().toString(), EventTypes.ERASURE_CONFIRMED,
                new ErasureConfirmed(e.erasureId(), service, affected, now))).replaceWithVoid();
    }

    private static Uni<Integer> add(Uni<Integer> total, java.util.function.Supplier<Uni<Integer>> step) {
        return total.chain(sum -> step.get().map(n -> sum + n));
    }

    private static Uni<List<CustomerCase>> casesOf(String channel, String platformUserId) {
        return CustomerCase.list("channel = ?1 and customerPlatformId = ?2", channel, platformUserId);
    }

    private static Uni<Void> each(List<CustomerCase> cases, java.util.function.Function<CustomerCase, Uni<Void>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (CustomerCase kase : cases) {
            chain = chain.chain(() -> step.apply(kase));
        }
        return chain;
    }
}
