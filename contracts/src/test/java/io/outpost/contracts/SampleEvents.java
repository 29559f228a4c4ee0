package io.outpost.contracts;

import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.CasePresence;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.CasePostAdded;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.ConsentChanged;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.contracts.events.LinkConfirmed;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.contracts.events.OfferEnded;
import io.outpost.contracts.events.OfferMade;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.PostDeleted;
import io.outpost.contracts.events.IncidentSuggested;
import io.outpost.contracts.events.PostEdited;
import io.outpost.contracts.events.PostIngested;
import io.outpost.contracts.events.SlaBreached;
import io.outpost.contracts.events.SurveyAnswered;
import io.outpost.contracts.events.SurveySent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One realistic instance of every payload record, with every optional field set. */
final class SampleEvents {

    static final PostIngested.Author CUSTOMER = new PostIngested.Author("115712", "sprintcare_fan", "Dana");
    /** The same customer as an X delivery describes them: with the profile fields X sends. */
    static final PostIngested.Author CUSTOMER_WITH_PROFILE = new PostIngested.Author("115712", "sprintcare_fan", "Dana",
            new PostIngested.Profile("Leeds, UK", "coffee, trains, complaints", "https://example.org/dana",
                    Instant.parse("2017-10-01T08:00:00Z"), 212, false));

    static final UUID CASE = UUID.randomUUID();
    static final UUID AGENT = UUID.randomUUID();
    static final Instant OPENED = Instant.parse("2017-10-31T22:10:47Z");

    static final Map<Class<? extends Record>, Record> BY_PAYLOAD = Map.ofEntries(
            Map.entry(PostIngested.class, new PostIngested(UUID.randomUUID(), Channel.X, "119237", "119236", CUSTOMER_WITH_PROFILE,
                    "@AmazonHelp my order never arrived", OPENED, Instant.now(), "119236", Visibility.PUBLIC, false,
                    new PostIngested.Enrichment("en", -0.54, "complaint", List.of("never arrived"), null), "85741735")),
            Map.entry(IncidentSuggested.class, new IncidentSuggested(UUID.randomUUID(), "outage", "gb",
                    Instant.now().minusSeconds(900), Instant.now(), 42, 3.5, List.of(UUID.randomUUID(), UUID.randomUUID()),
                    Instant.now())),
            Map.entry(PostDeleted.class, new PostDeleted(UUID.randomUUID(), Channel.X, "119237", "119236", Instant.now())),
            Map.entry(PostEdited.class, new PostEdited(UUID.randomUUID(), Channel.FACEBOOK, "1234_5678", "1234_5678",
                    "edited text - fixed now, thanks", Instant.now(), new PostIngested.Enrichment("en", 0.44, "praise", List.of(), null))),
            Map.entry(CaseOpened.class, new CaseOpened(CASE, Channel.X, Visibility.PUBLIC, CUSTOMER, UUID.randomUUID(),
                    OPENED, 2, List.of("x", "en"), "en", "complaint", -0.54, OPENED.plusSeconds(1800), "85741735")),
            Map.entry(CasePostAdded.class, new CasePostAdded(CASE, CasePostAdded.Kind.CUSTOMER_POST, UUID.randomUUID(), null,
                    Visibility.PRIVATE, null, Instant.now())),
            Map.entry(CaseUpdated.class, new CaseUpdated(CASE, Channel.X, "pending", "open", 2, List.of("x", "en"), "en",
                    AGENT, List.of("status"), UUID.randomUUID(), OPENED.plusSeconds(3600), Instant.now(), UUID.randomUUID())),
            Map.entry(CaseResolved.class, new CaseResolved(CASE, Channel.X, Visibility.PUBLIC, CUSTOMER, AGENT, "Jo Kim",
                    "billing-emea", "en", -0.54, false, UUID.randomUUID(), OPENED, OPENED.plusSeconds(600),
                    Instant.now(), "85741735")),
            Map.entry(SlaBreached.class, new SlaBreached(CASE, Channel.X, "first-response", OPENED.plusSeconds(1800),
                    Instant.now(), 2, AGENT)),
            Map.entry(AssignmentCreated.class, new AssignmentCreated(UUID.randomUUID(), CASE, AGENT,
                    "Jo Kim", Instant.now(), "only available agent with capacity on x", "billing-emea", "jkim")),
            Map.entry(OfferMade.class, new OfferMade(UUID.randomUUID(), CASE, AGENT, "jkim", Channel.X, 2, "billing",
                    List.of("billing"), "en", Instant.now().plusSeconds(900), Instant.now(), Instant.now().plusSeconds(60), false)),
            Map.entry(OfferEnded.class, new OfferEnded(UUID.randomUUID(), CASE, AGENT, "jkim", OfferEnded.Outcome.DECLINED,
                    "not my language", Instant.now())),
            Map.entry(OutboundRequested.class, new OutboundRequested(UUID.randomUUID(), OutboundRequested.Kind.PUBLIC_REPLY,
                    CASE, Channel.X, "acct-1", "115712", "119237", "Sorry to hear that! ^JK", Instant.now(),
                    OutboundRequested.Lane.BULK)),
            Map.entry(DeliveryReported.class, new DeliveryReported(UUID.randomUUID(), CASE, Channel.X,
                    DeliveryReported.Status.DELIVERED, "1190001", null, Instant.now())),
            Map.entry(LinkConfirmed.class, new LinkConfirmed(UUID.randomUUID(), UUID.randomUUID(), Channel.X, "115712",
                    "crm-000481", Instant.now())),
            Map.entry(LinkRemoved.class, new LinkRemoved(UUID.randomUUID(), UUID.randomUUID(), Channel.X, "115712",
                    "crm-000481", LinkRemoved.Reason.CONSENT_REVOKED, Instant.now())),
            Map.entry(ConsentChanged.class, new ConsentChanged(UUID.randomUUID(), UUID.randomUUID(), Channel.X, "115712",
                    "surveys", "granted", Instant.now().plusSeconds(86400), Instant.now())),
            Map.entry(ErasureRequested.class, new ErasureRequested(UUID.randomUUID(), "crm-000481",
                    List.of(new ErasureRequested.Subject(Channel.X, "115712")), Instant.now())),
            Map.entry(ErasureConfirmed.class, new ErasureConfirmed(UUID.randomUUID(), "case-service", 12, Instant.now())),
            Map.entry(SurveySent.class, new SurveySent(UUID.randomUUID(), CASE, "nps", Channel.X, Instant.now(),
                    Instant.now().plusSeconds(7 * 86400))),
            Map.entry(SurveyAnswered.class, new SurveyAnswered(UUID.randomUUID(), CASE, "nps", 9, "quick and kind",
                    Channel.X, AGENT, "link", Instant.now())),
            Map.entry(CasePresence.class, new CasePresence(CASE, "jkim", "Jo Kim", CasePresence.State.REPLYING,
                    "console-7f3a", Instant.now())));

    private SampleEvents() {
    }
}
