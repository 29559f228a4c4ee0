package io.outpost.survey.messaging;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import io.outpost.contracts.surveys.DmAnswer;
import io.outpost.kit.messaging.EventInbox;
import io.outpost.kit.messaging.InboundEvent;
import io.outpost.kit.messaging.PoisonEventException;
import io.outpost.survey.store.PersonStore;
import io.outpost.survey.store.SurveyStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
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

    public PostsConsumer(EventInbox inbox, SurveyStore surveys, SurveyAnswers answers, PersonEvents persons) {
        this.inbox = inbox;
        this.surveys = surveys;
        this.answers = answers;
        this.persons = persons;
    }

    @Incoming("posts")
    @ActivateRequestContext
    public Uni<Void> onPost(Message<String> message) {
        return inbox.process(message, Map.of(EventTypes.POST_INGESTED, EventInbox.on(PostIngested.class, this::read)));
    }

    Uni<Void> read(InboundEvent<PostIngested> event) {
        PostIngested post = event.payload();
        if (post.postId() == null || post.channel() == null || post.externalId() == null || post.author() == null
                || post.createdAt() == null || post.visibility() == null) {
            // Broken for every consumer, not only "not for us": to the dead-letter topic, as
            // case-service and crm-link-service do with the same record.
            return Uni.createFrom().failure(new PoisonEventException(
                    "post.ingested without postId, channel, externalId, author, createdAt or visibility"));
        }
        if (post.visibility() != Visibility.PRIVATE || post.fromOwnAccount() || post.channel() == null
                || post.author() == null || post.author().platformUserId() == null
                || post.author().platformUserId().isBlank() || post.createdAt() == null) {
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
