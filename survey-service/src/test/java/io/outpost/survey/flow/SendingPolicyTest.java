package io.outpost.survey.flow;

import static io.outpost.survey.flow.SurveyFixtures.DELAY;
import static io.outpost.survey.flow.SurveyFixtures.all;
import static io.outpost.survey.flow.SurveyFixtures.awaitInvitation;
import static io.outpost.survey.flow.SurveyFixtures.awaitState;
import static io.outpost.survey.flow.SurveyFixtures.awaitSurvey;
import static io.outpost.survey.flow.SurveyFixtures.due;
import static io.outpost.survey.flow.SurveyFixtures.publish;
import static io.outpost.survey.flow.SurveyFixtures.reopen;
import static io.outpost.survey.flow.SurveyFixtures.resolved;
import static io.outpost.survey.flow.SurveyFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.LinkConfirmed;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.devstack.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sending policy wired to case events: every decision recorded, skips with their reasons. */
@QuarkusTest
class SendingPolicyTest {

    @Inject
    AgroalDataSource database;

    @Test
    void hiddenAndIncidentCasesAreSkippedWithTheirReason() {
        CaseResolved hidden = resolved(UUID.randomUUID(), Channel.X, unique("x-"), "en", "care", Instant.now().minus(DELAY),
                true, null, null);
        CaseResolved incident = resolved(UUID.randomUUID(), Channel.X, unique("x-"), "en", "care",
                Instant.now().minus(DELAY), false, UUID.randomUUID(), null);
        publish(hidden);
        publish(incident);

        assertThat(awaitSurvey(hidden.caseId())).containsEntry("state", "skipped").containsEntry("reason", "HIDDEN_CASE");
        assertThat(awaitSurvey(incident.caseId())).containsEntry("state", "skipped").containsEntry("reason", "INCIDENT");
        assertThat(all(Topics.OUTBOUND, hidden.caseId(), EventTypes.OUTBOUND_REQUESTED, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void theInvitationGoesOutFromTheAccountTheCustomerWroteToElseFromTheDefault() {
        String account = unique("acct-");
        CaseResolved toAccount = SurveyFixtures.toAccount(due(Channel.X, unique("x-"), "en", "care"), account);
        CaseResolved toNone = due(Channel.X, unique("x-"), "en", "care");
        publish(toAccount);
        publish(toNone);

        assertThat(awaitInvitation(toAccount.caseId()).accountId()).isEqualTo(account);
        assertThat(awaitState(toAccount.caseId(), "sent")).containsEntry("accountId", account);
        assertThat(awaitInvitation(toNone.caseId()).accountId()).as("the channel's default account").isNull();
        assertThat(awaitState(toNone.caseId(), "sent").get("accountId")).isNull();
    }

    @Test
    void aPersonIsAskedOnceIn30DaysAndTheSecondCaseIsSkippedForFatigue() {
        String customer = unique("x-");
        CaseResolved first = due(Channel.X, customer, "en", "care");
        publish(first);
        awaitState(first.caseId(), "sent");
        CaseResolved second = due(Channel.X, customer, "en", "care");
        publish(second);

        Map<String, Object> skipped = awaitSurvey(second.caseId());
        assertThat(skipped).containsEntry("state", "skipped").containsEntry("reason", "FATIGUE_PERSON");
        // Another person at the same moment is not affected.
        CaseResolved other = due(Channel.X, unique("x-"), "en", "care");
        publish(other);
        awaitState(other.caseId(), "sent");
    }

    @Test
    void accountsLinkedToOneCustomerAreOnePersonForFatigueUntilTheLinkGoes() {
        String customerId = unique("crm-");
        String onX = unique("x-");
        String onFacebook = unique("fb-");
        UUID identity = UUID.randomUUID();
        UUID xLink = UUID.randomUUID();
        TestEvents.publish(Topics.IDENTITY, identity.toString(), EventTypes.LINK_CONFIRMED,
                new LinkConfirmed(xLink, identity, Channel.X, onX, customerId, Instant.now()));
        UUID fbIdentity = UUID.randomUUID();
        TestEvents.publish(Topics.IDENTITY, fbIdentity.toString(), EventTypes.LINK_CONFIRMED,
                new LinkConfirmed(UUID.randomUUID(), fbIdentity, Channel.FACEBOOK, onFacebook, customerId, Instant.now()));
        SurveyFixtures.identityBarrier(identity.toString());
        SurveyFixtures.identityBarrier(fbIdentity.toString());

        CaseResolved first = due(Channel.X, onX, "en", "care");
        publish(first);
        awaitState(first.caseId(), "sent");
        CaseResolved second = due(Channel.FACEBOOK, onFacebook, "en", "care");
        publish(second);
        assertThat(awaitSurvey(second.caseId())).containsEntry("state", "skipped").containsEntry("reason", "FATIGUE_PERSON");

        // The X account's link is removed (consent revoked): the Facebook account stands alone again.
        TestEvents.publish(Topics.IDENTITY, identity.toString(), EventTypes.LINK_REMOVED, new LinkRemoved(xLink, identity,
                Channel.X, onX, customerId, LinkRemoved.Reason.CONSENT_REVOKED, Instant.now()));
        SurveyFixtures.identityBarrier(identity.toString());
        CaseResolved third = due(Channel.FACEBOOK, onFacebook, "en", "care");
        publish(third);
        awaitState(third.caseId(), "sent");
    }

    @Test
    void aResolutionWithoutItsCustomerGoesToTheDeadLetterTopic() {
        String marker = unique("nocustomer-");
        UUID caseId = UUID.randomUUID();
        TestEvents.publishRaw(Topics.CASES, caseId.toString(), UUID.randomUUID().toString(), EventTypes.CASE_RESOLVED,
                "{\"caseId\":\"" + caseId + "\",\"channel\":\"x\",\"hidden\":false,\"team\":\"" + marker
                        + "\",\"resolvedAt\":\"2026-11-01T08:00:00Z\"}");
        assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.CASES), marker, SurveyFixtures.WAIT)).hasSize(1);
        assertThat(SurveyFixtures.survey(caseId)).isNull();
    }

    @Test
    void aCaseReopenedBeforeItsSurveyWentOutIsNotSurveyedUntilItResolvesAgain() throws SQLException {
        CaseResolved now = resolved(UUID.randomUUID(), Channel.FACEBOOK, unique("fb-"), "en", "care", Instant.now(), false,
                null, 0.3);
        publish(now);
        Map<String, Object> scheduled = awaitState(now.caseId(), "scheduled");
        assertThat(Duration.between(Instant.parse((String) scheduled.get("resolvedAt")),
                Instant.parse((String) scheduled.get("sendAt")))).isEqualTo(DELAY);
        assertThat(scheduled).containsEntry("openingSentiment", "positive");

        reopen(now.caseId(), Channel.FACEBOOK);
        assertThat(awaitState(now.caseId(), "cancelled")).containsEntry("reason", "REOPENED");

        // Only a later resolution is decided again (a redelivered one is not: BatchConsumptionTest). For the
        // new one to be due at once, it must be an hour old: the first is moved two hours back, as if the
        // case had been resolved, reopened and resolved again since.
        try (Connection connection = database.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "update survey set resolved_at = resolved_at - interval '2 hours' where case_id = ?")) {
            update.setObject(1, now.caseId());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        // Resolved again: decided again (the cancelled survey does not count for fatigue) and sent.
        CaseResolved again = resolved(now.caseId(), Channel.FACEBOOK, now.customer().platformUserId(), "en", "care",
                Instant.now().minus(DELAY), false, null, 0.3);
        publish(again);
        awaitState(now.caseId(), "sent");
        awaitInvitation(now.caseId());
    }

    @Test
    void aRedeliveredResolutionDecidesNothingNew() {
        CaseResolved c = due(Channel.EMAIL, unique("mail-"), "en", "care");
        String eventId = publish(c);
        Map<String, Object> first = awaitState(c.caseId(), "sent");

        TestEvents.publishRaw(Topics.CASES, c.caseId().toString(), eventId, EventTypes.CASE_RESOLVED, TestEvents.json(c));
        // The same case under a new event id (case-service resending) is left as it is too.
        publish(c);
        CaseResolved marker = due(Channel.EMAIL, unique("mail-"), "en", "care");
        TestEvents.publish(Topics.CASES, c.caseId().toString(), EventTypes.CASE_RESOLVED,
                resolved(marker.caseId(), Channel.EMAIL, marker.customer().platformUserId(), "en", "care",
                        marker.resolvedAt(), false, null, null));
        awaitSurvey(marker.caseId());

        assertThat(SurveyFixtures.survey(c.caseId())).containsEntry("id", first.get("id")).containsEntry("state", "sent");
        assertThat(all(Topics.OUTBOUND, c.caseId(), EventTypes.OUTBOUND_REQUESTED, Duration.ofSeconds(1))).hasSize(1);
    }

    @Test
    void aDueSurveyAnotherReplicaHoldsIsSkippedNotWaitedForAndSentOnce() throws SQLException {
        // Due in a few seconds: time to lock its row the way a second replica's sender would.
        CaseResolved held = resolved(UUID.randomUUID(), Channel.X, unique("x-"), "en", "care",
                Instant.now().minus(DELAY).plusSeconds(4), false, null, null);
        publish(held);
        Map<String, Object> scheduled = awaitState(held.caseId(), "scheduled");
        UUID heldId = UUID.fromString((String) scheduled.get("id"));
        Instant heldDue = Instant.parse((String) scheduled.get("sendAt"));

        try (Connection otherReplica = database.getConnection()) {
            otherReplica.setAutoCommit(false);
            try (PreparedStatement lock = otherReplica.prepareStatement("select id from survey where id = ? for update")) {
                lock.setObject(1, heldId);
                assertThat(lock.executeQuery().next()).isTrue();
            }
            // Once the held one is due, another one is decided: the sender round that sends it also
            // sees the held one due, skips it, and does not wait for it.
            io.outpost.devstack.Poll.until("the held survey to fall due", SurveyFixtures.WAIT, Instant::now,
                    now -> now.isAfter(heldDue));
            CaseResolved free = due(Channel.X, unique("x-"), "en", "care");
            publish(free);
            awaitState(free.caseId(), "sent");
            assertThat(SurveyFixtures.survey(held.caseId())).containsEntry("state", "scheduled");
            otherReplica.rollback();
        }

        awaitState(held.caseId(), "sent");
        assertThat(all(Topics.OUTBOUND, held.caseId(), EventTypes.OUTBOUND_REQUESTED, Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void anUnansweredSurveyExpiresAfterItsWindow() throws SQLException {
        CaseResolved c = due(Channel.X, unique("x-"), "en", "care");
        publish(c);
        UUID surveyId = UUID.fromString((String) awaitState(c.caseId(), "sent").get("id"));

        // Seven days pass: the window is moved back rather than waited for.
        try (Connection connection = database.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "update survey set expires_at = now() - interval '1 second' where id = ?")) {
            update.setObject(1, surveyId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }

        assertThat(awaitState(c.caseId(), "expired").get("score")).isNull();
    }
}
