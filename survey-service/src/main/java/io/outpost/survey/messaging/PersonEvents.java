package io.outpost.survey.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.ConsentChanged;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.contracts.events.LinkConfirmed;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.kit.messaging.Outbox;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.survey.domain.CancelReason;
import io.outpost.survey.domain.ConsentStatus;
import io.outpost.survey.domain.EventsOfInterest;
import io.outpost.survey.store.PersonStore;
import io.outpost.survey.store.SurveyCaseStore;
import io.outpost.survey.store.SurveyStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What people tell us about surveys, through crm-link-service (consent, erasure) or in a DM
 * ("stop"). Every method runs in the caller's (the inbox's) transaction.
 */
@ApplicationScoped
public class PersonEvents {

    /** The consent purpose that governs surveys. */

    private final PersonStore persons;
    private final SurveyStore surveys;
    private final SurveyCaseStore cases;
    private final Outbox outbox;
    private final String service;
    private final Clock clock = Clock.systemUTC();

    public PersonEvents(PersonStore persons, SurveyStore surveys, SurveyCaseStore cases, Outbox outbox,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.persons = persons;
        this.surveys = surveys;
        this.cases = cases;
        this.outbox = outbox;
        this.service = service;
    }

    /**
     * Remembers the person's {@code surveys} consent; when it is denied, revoked or expired, their
     * scheduled and open surveys are cancelled. Other purposes are not ours.
     */
    public Uni<Void> onConsentChanged(ConsentChanged changed) {
        // The consumer skips these before any transaction (EventsOfInterest.consentToRead).
        if (!EventsOfInterest.consentToRead(changed)) {
            return Uni.createFrom().voidItem();
        }
        if (changed.channel() == null || changed.platformUserId() == null || changed.platformUserId().isBlank()
                || changed.changedAt() == null) {
            throw new PoisonEventException("consent-changed lacks channel, platformUserId or changedAt");
        }
        ConsentStatus status;
        try {
            status = ConsentStatus.fromWire(changed.status());
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException("consent-changed: " + e.getMessage());
        }
        String personKey = PersonStore.personKey(changed.channel(), changed.platformUserId());
        return persons.lock(personKey)
                .chain(() -> persons.applyConsent(personKey, status, changed.expiresAt(), changed.changedAt(), now()))
                .chain(applied -> applied && status.excludes()
                        ? surveys.cancelForPerson(personKey, CancelReason.of(status)).replaceWithVoid()
                        : Uni.createFrom().voidItem());
    }

    /** A consented link: the identity now counts with the customer's other identities for fatigue. */
    public Uni<Void> onLinkConfirmed(LinkConfirmed link) {
        if (link.linkId() == null || link.channel() == null || link.platformUserId() == null
                || link.platformUserId().isBlank() || link.customerId() == null || link.confirmedAt() == null) {
            throw new PoisonEventException("link-confirmed lacks linkId, channel, platformUserId, customerId or confirmedAt");
        }
        return persons.link(link.channel().wireName(), link.platformUserId(), link.linkId(), link.customerId(),
                link.confirmedAt());
    }

    /** The link is gone (consent revoked or expired, admin): the identity counts on its own again. */
    public Uni<Void> onLinkRemoved(LinkRemoved link) {
        if (link.linkId() == null || link.channel() == null || link.platformUserId() == null) {
            throw new PoisonEventException("link-removed lacks linkId, channel or platformUserId");
        }
        return persons.unlink(link.channel().wireName(), link.platformUserId(), link.linkId()).replaceWithVoid();
    }

    /** The person replied "stop": no more surveys, and the open ones are withdrawn. */
    public Uni<Void> optOut(String personKey) {
        return persons.lock(personKey)
                .chain(() -> persons.optOut(personKey, now()))
                .chain(() -> surveys.cancelForPerson(personKey, CancelReason.OPTED_OUT))
                .replaceWithVoid();
    }

    /**
     * Erases each identity of the person: surveys anonymised (comments removed, open ones
     * cancelled), recorded cases and preferences deleted, the erasure remembered as a hash; then
     * {@code erasure-confirmed} with the number of records affected, in the same transaction.
     */
    public Uni<Void> onErasureRequested(ErasureRequested request) {
        if (request.erasureId() == null || request.identities() == null) {
            throw new PoisonEventException("erasure-requested lacks erasureId or identities");
        }
        Instant now = now();
        return Multi.createFrom().iterable(request.identities())
                .onItem().transformToUniAndConcatenate(subject -> {
                    if (subject == null || subject.channel() == null || subject.platformUserId() == null
                            || subject.platformUserId().isBlank()) {
                        return Uni.createFrom().<Integer>failure(
                                new PoisonEventException("erasure-requested names an identity without channel or id"));
                    }
                    String personKey = PersonStore.personKey(subject.channel(), subject.platformUserId());
                    return persons.lock(personKey)
                            .chain(() -> surveys.erase(personKey))
                            .chain(n -> cases.erase(subject.channel(), subject.platformUserId().strip()).map(m -> n + m))
                            .chain(n -> persons.erase(personKey, now).map(m -> n + m))
                            .chain(n -> persons.unlinkAll(subject.channel().wireName(), subject.platformUserId())
                                    .map(m -> n + m));
                })
                .collect().with(Collectors.summingInt(Integer::intValue))
                .chain(total -> outbox.add(Topics.IDENTITY, request.erasureId().toString(), EventTypes.ERASURE_CONFIRMED,
                        new ErasureConfirmed(request.erasureId(), service, total, now)))
                .replaceWithVoid();
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
