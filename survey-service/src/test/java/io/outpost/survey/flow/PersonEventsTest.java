package io.outpost.survey.flow;

import static io.outpost.survey.flow.SurveyFixtures.confirmations;
import static io.outpost.survey.flow.SurveyFixtures.identityBarrier;
import static io.outpost.survey.flow.SurveyFixtures.all;
import static io.outpost.survey.flow.SurveyFixtures.awaitOne;
import static io.outpost.survey.flow.SurveyFixtures.awaitState;
import static io.outpost.survey.flow.SurveyFixtures.awaitSurvey;
import static io.outpost.survey.flow.SurveyFixtures.dm;
import static io.outpost.survey.flow.SurveyFixtures.due;
import static io.outpost.survey.flow.SurveyFixtures.publish;
import static io.outpost.survey.flow.SurveyFixtures.resolved;
import static io.outpost.survey.flow.SurveyFixtures.survey;
import static io.outpost.survey.flow.SurveyFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.ConsentChanged;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.contracts.events.SurveyAnswered;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** What customers tell us outside the page: a number or "stop" by DM, consent changes, erasure. */
@QuarkusTest
class PersonEventsTest {

    @Test
    void aNumberRepliedByDmIsTheAnswerAndAnAmbiguousOneIsNot() {
        String customer = unique("x-");
        CaseResolved c = due(Channel.X, customer, "en", "care");
        publish(c);
        awaitState(c.caseId(), "sent");

        dm(Channel.X, customer, "5 or 6");
        dm(Channel.FACEBOOK, customer, "9");      // another channel: not this survey's recipient
        dm(Channel.X, customer, "I'd say 8 - quick help");

        SurveyAnswered answered = TestEvents.payload(awaitOne(Topics.SURVEYS, c.caseId(), EventTypes.SURVEY_ANSWERED),
                SurveyAnswered.class);
        assertThat(answered.score()).isEqualTo(8);
        assertThat(answered.via()).isEqualTo("dm");
        assertThat(answered.comment()).isEqualTo("I'd say 8 - quick help");
        assertThat(survey(c.caseId())).containsEntry("state", "answered").containsEntry("answeredVia", "dm");

        // Once answered, later DMs are ordinary messages.
        dm(Channel.X, customer, "10");
        CaseResolved marker = due(Channel.X, unique("x-"), "en", "care");
        publish(marker);
        awaitSurvey(marker.caseId());
        assertThat(all(Topics.SURVEYS, c.caseId(), EventTypes.SURVEY_ANSWERED, Duration.ofSeconds(1))).hasSize(1);
        assertThat(survey(c.caseId())).containsEntry("score", 8);
    }

    @Test
    void stopByDmOptsThePersonOutAndWithdrawsTheSurvey() {
        String customer = unique("ms-");
        CaseResolved c = due(Channel.MESSENGER, customer, "en", "care");
        publish(c);
        awaitState(c.caseId(), "sent");

        dm(Channel.MESSENGER, customer, "STOP");

        assertThat(awaitState(c.caseId(), "cancelled")).containsEntry("reason", "OPTED_OUT");
        CaseResolved later = resolved(UUID.randomUUID(), Channel.MESSENGER, customer, "en", "care",
                Instant.now().plus(Duration.ofDays(60)), false, null, null);
        publish(later);
        assertThat(awaitSurvey(later.caseId())).containsEntry("state", "skipped").containsEntry("reason", "OPTED_OUT");
    }

    @Test
    void revokedSurveyConsentCancelsThePendingSurveyAndExcludesThePerson() {
        String customer = unique("x-");
        CaseResolved pending = resolved(UUID.randomUUID(), Channel.X, customer, "en", "care", Instant.now(), false, null,
                null);
        publish(pending);
        awaitState(pending.caseId(), "scheduled");

        // Another purpose is not ours; then surveys consent revoked.
        TestEvents.publish(Topics.IDENTITY, UUID.randomUUID().toString(), EventTypes.CONSENT_CHANGED, consent(customer,
                "identity-link", "revoked", null));
        TestEvents.publish(Topics.IDENTITY, UUID.randomUUID().toString(), EventTypes.CONSENT_CHANGED, consent(customer,
                "surveys", "revoked", null));

        assertThat(awaitState(pending.caseId(), "cancelled")).containsEntry("reason", "CONSENT_REVOKED");
        CaseResolved next = due(Channel.X, customer, "en", "care");
        publish(next);
        assertThat(awaitSurvey(next.caseId())).containsEntry("state", "skipped").containsEntry("reason", "CONSENT_REVOKED");
    }

    @Test
    void aGrantThatLapsesBeforeTheSendingTimeExcludesThePerson() {
        String customer = unique("x-");
        String key = UUID.randomUUID().toString();
        TestEvents.publish(Topics.IDENTITY, key, EventTypes.CONSENT_CHANGED, consent(customer, "surveys", "granted",
                Instant.now().plus(Duration.ofMinutes(30))));
        identityBarrier(key);

        // Resolved now: due in an hour, when the grant has lapsed.
        CaseResolved lapsing = resolved(UUID.randomUUID(), Channel.X, customer, "en", "care", Instant.now(), false, null,
                null);
        publish(lapsing);
        assertThat(awaitSurvey(lapsing.caseId())).containsEntry("state", "skipped").containsEntry("reason", "CONSENT_EXPIRED");
        // Due now, while the grant holds.
        CaseResolved granted = due(Channel.X, customer, "en", "care");
        publish(granted);
        awaitState(granted.caseId(), "sent");
    }

    @Test
    void erasureAnonymisesThePersonsSurveysConfirmsAndExcludesThemFromNowOn() {
        String customer = unique("x-");
        CaseResolved c = due(Channel.X, customer, "en", "care");
        publish(c);
        awaitState(c.caseId(), "sent");
        dm(Channel.X, customer, "3 - slow, and I had to repeat myself");
        assertThat(awaitState(c.caseId(), "answered")).containsEntry("comment", "3 - slow, and I had to repeat myself");

        UUID erasureId = UUID.randomUUID();
        ErasureRequested request = new ErasureRequested(erasureId, null,
                List.of(new ErasureRequested.Subject(Channel.X, customer)), Instant.now());
        String requestId = TestEvents.publish(Topics.IDENTITY, erasureId.toString(), EventTypes.ERASURE_REQUESTED, request);

        ConsumerRecord<String, String> confirmation = confirmations(erasureId, 1).get(0);
        ContractCheck.assertConforms(confirmation);
        ErasureConfirmed confirmed = TestEvents.payload(confirmation, ErasureConfirmed.class);
        assertThat(confirmed.service()).isEqualTo("survey-service");
        assertThat(confirmed.recordsAffected()).isEqualTo(1);
        Map<String, Object> erased = survey(c.caseId());
        assertThat(erased).containsEntry("state", "answered").containsEntry("score", 3);
        assertThat(erased.get("comment")).isNull();

        // A redelivered request changes nothing and is not confirmed twice.
        TestEvents.publishRaw(Topics.IDENTITY, erasureId.toString(), requestId, EventTypes.ERASURE_REQUESTED,
                TestEvents.json(request));
        CaseResolved late = due(Channel.X, customer, "en", "care");
        publish(late);
        assertThat(awaitSurvey(late.caseId())).containsEntry("state", "skipped").containsEntry("reason", "ERASED");
        assertThat(confirmations(erasureId, 2)).hasSize(1);
    }

    static ConsentChanged consent(String customer, String purpose, String status, Instant expiresAt) {
        return new ConsentChanged(UUID.randomUUID(), UUID.randomUUID(), Channel.X, customer, purpose, status, expiresAt,
                Instant.now());
    }
}
