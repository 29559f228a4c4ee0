package io.outpost.kit.messaging;

import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.ConsentChanged;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.contracts.events.CasePostAdded;
import io.outpost.contracts.events.CasePresence;
import io.outpost.contracts.events.IncidentSuggested;
import io.outpost.contracts.events.LinkConfirmed;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.contracts.events.OfferEnded;
import io.outpost.contracts.events.OfferMade;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.PostDeleted;
import io.outpost.contracts.events.PostEdited;
import io.outpost.contracts.events.PostIngested;
import io.outpost.contracts.events.SlaBreached;
import io.outpost.contracts.events.SurveyAnswered;
import io.outpost.contracts.events.SurveySent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Event payloads are read and written by Jackson through reflection (the outbox and the inbox
 * map them by class, not through a REST signature Quarkus could see), so a native executable
 * must keep their constructors and accessors. Add every new payload record here.
 */
@RegisterForReflection(targets = {
        PostIngested.class, PostIngested.Author.class, PostIngested.Profile.class, PostIngested.Enrichment.class,
        PostDeleted.class, PostEdited.class,
        CaseUpdated.class, CaseResolved.class, SlaBreached.class,
        ConsentChanged.class, ErasureRequested.class, ErasureRequested.Subject.class, ErasureConfirmed.class,
        SurveySent.class, SurveyAnswered.class,
        IncidentSuggested.class,
        CaseOpened.class,
        AssignmentCreated.class,
        OutboundRequested.class, OutboundRequested.Kind.class, OutboundRequested.Lane.class,
        DeliveryReported.class, DeliveryReported.Status.class,
        LinkConfirmed.class,
        LinkRemoved.class, LinkRemoved.Reason.class,
        OfferMade.class, OfferEnded.class, OfferEnded.Outcome.class,
        CasePostAdded.class, CasePostAdded.Kind.class,
        CasePresence.class, CasePresence.State.class })
public final class EventPayloadReflection {

    private EventPayloadReflection() {
    }
}
