package io.outpost.contracts;

import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.LinkConfirmed;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.PostIngested;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One realistic instance of every payload record, with every optional field set. */
final class SampleEvents {

    static final PostIngested.Author CUSTOMER = new PostIngested.Author("115712", "sprintcare_fan", "Dana");

    static final Map<Class<? extends Record>, Record> BY_PAYLOAD = Map.of(
            PostIngested.class, new PostIngested(UUID.randomUUID(), Channel.X, "119237", "119236", CUSTOMER,
                    "@AmazonHelp my order never arrived", Instant.parse("2017-10-31T22:10:47Z"), Instant.now(),
                    "119236", Visibility.PUBLIC, false),
            CaseOpened.class, new CaseOpened(UUID.randomUUID(), Channel.X, Visibility.PUBLIC, CUSTOMER, UUID.randomUUID(),
                    Instant.parse("2017-10-31T22:10:47Z"), 2, List.of("x", "en"), "en"),
            AssignmentCreated.class, new AssignmentCreated(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                    "Jo Kim", Instant.now(), "only available agent with capacity on x"),
            OutboundRequested.class, new OutboundRequested(UUID.randomUUID(), OutboundRequested.Kind.PUBLIC_REPLY,
                    UUID.randomUUID(), Channel.X, "acct-1", "115712", "119237", "Sorry to hear that! ^JK", Instant.now()),
            DeliveryReported.class, new DeliveryReported(UUID.randomUUID(), UUID.randomUUID(), Channel.X,
                    DeliveryReported.Status.DELIVERED, "1190001", null, Instant.now()),
            LinkConfirmed.class, new LinkConfirmed(UUID.randomUUID(), UUID.randomUUID(), Channel.X, "115712",
                    "crm-000481", Instant.now()),
            LinkRemoved.class, new LinkRemoved(UUID.randomUUID(), UUID.randomUUID(), Channel.X, "115712",
                    "crm-000481", LinkRemoved.Reason.CONSENT_REVOKED, Instant.now()));

    private SampleEvents() {
    }
}
