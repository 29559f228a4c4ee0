package io.outpost.survey.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.PostIngested;
import io.outpost.contracts.surveys.DmAnswer;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.survey.domain.EventsOfInterest;
import io.outpost.survey.store.PersonStore;
import io.outpost.survey.store.SurveyStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Answers replied by DM: a private message from a customer who has an open survey on that channel
 * is read as a score ({@link DmAnswer}) and recorded like an answer on the page ({@code via dm}),
 * or as a request to stop surveys. Anything else is left to case-service, which threads the same
 * message into the conversation as usual.
 */
@ApplicationScoped
public class PostsConsumer {

    private static final Logger LOG = Logger.getLogger(PostsConsumer.class);

    private final EventInbox inbox;
    private final SurveyStore surveys;
    private final SurveyAnswers answers;
    private final PersonEvents persons;
    private final Map<String, EventInbox.Handler<?>> handlers;

    public PostsConsumer(EventInbox inbox, SurveyStore surveys, SurveyAnswers answers, PersonEvents persons) {
        this.inbox = inbox;
        this.surveys = surveys;
        this.answers = answers;
        this.persons = persons;
        // A broken post is let through too, so that read() dead-letters it as before.
        this.handlers = Map.of(EventTypes.POST_INGESTED,
                EventInbox.on(PostIngested.class, this::read).only(EventsOfInterest::postToRead));
    }

    /**
     * A poll of posts at a time (service-kit's {@code EventInbox.processBatch}). Only a customer's private
     * message can answer a survey: every other post (public, or from our own accounts) is acknowledged
     * unread, before any transaction and without a {@code processed_event} row. The private ones are read
     * one by one, each in its own transaction, in the order of the poll: few are answers, and an answer
     * locks its survey.
     */
    @Incoming("posts")
    @ActivateRequestContext
    public Uni<Void> onPosts(KafkaRecordBatch<String, String> batch) {
        return inbox.processBatch(batch, handlers);
    }

    Uni<Void> read(InboundEvent<PostIngested> event) {
        PostIngested post = event.payload();
        if (EventsOfInterest.isBrokenPost(post)) {
            // Broken for every consumer, not only "not for us": to the dead-letter topic, as
            // case-service and crm-link-service do with the same record.
            return Uni.createFrom().failure(new PoisonEventException(
                    "post.ingested without postId, channel, externalId, author, createdAt or visibility"));
        }
        if (!EventsOfInterest.mayAnswerASurvey(post)) {
            return Uni.createFrom().voidItem();
        }
        String recipient = post.author().platformUserId().strip();
        return surveys.openFor(post.channel(), recipient, post.createdAt()).chain(survey -> {
            if (survey == null) {
                return Uni.createFrom().voidItem();
            }
            DmAnswer.Reading reading = DmAnswer.read(post.text(), survey.surveyKind());
            if (reading instanceof DmAnswer.Score score) {
                return answers.record(survey.id, score.score(), score.comment(), "dm").replaceWithVoid();
            }
            if (reading instanceof DmAnswer.OptOut) {
                return persons.optOut(PersonStore.personKey(post.channel(), recipient));
            }
            LOG.debugf("DM %s after survey %s is not an answer: %s", post.postId(), survey.id,
                    ((DmAnswer.NoAnswer) reading).why());
            return Uni.createFrom().voidItem();
        });
    }
}
