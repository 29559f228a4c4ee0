package io.outpost.survey.messaging;

import static io.outpost.survey.flow.SurveyFixtures.WAIT;
import static io.outpost.survey.flow.SurveyFixtures.awaitState;
import static io.outpost.survey.flow.SurveyFixtures.awaitSurvey;
import static io.outpost.survey.flow.SurveyFixtures.due;
import static io.outpost.survey.flow.SurveyFixtures.publish;
import static io.outpost.survey.flow.SurveyFixtures.resolved;
import static io.outpost.survey.flow.SurveyFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.ConsentChanged;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.survey.flow.SurveyFixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The posts and cases channels take a poll at a time (README "Consumers"): events survey-service has no
 * use for are acknowledged before any transaction, a run of case.opened is recorded in one statement, and
 * the handlers idempotent by their own key (a candidate per case, a survey per case) write no
 * {@code processed_event} row yet change nothing when redelivered. Records meant for one poll are written
 * through a producer that lingers, so they reach the broker as one batch.
 */
@QuarkusTest
class BatchConsumptionTest {

    @Inject
    MeterRegistry meters;

    @Inject
    AgroalDataSource database;

    /** A record with CloudEvents headers; ceId null: none. */
    private record Rec(String key, String ceId, String type, String value) {
        static Rec of(String key, String type, Object payload) {
            return new Rec(key, UUID.randomUUID().toString(), type, TestEvents.json(payload));
        }
    }

    @Test
    void publicPostsAndOurOwnMessagesAreAcknowledgedUnreadAndOnlyTheCustomersDmAnswers() throws SQLException {
        String customer = unique("x-");
        CaseResolved c = due(Channel.X, customer, "en", "care");
        publish(c);
        awaitState(c.caseId(), "sent");
        double skippedBefore = count(EventTypes.POST_INGESTED, "skipped");

        String conversation = unique("conv-");
        // Each would be read as a score were it a private message from the customer.
        Rec inPublic = Rec.of(conversation, EventTypes.POST_INGESTED, post(conversation, customer, "9", Visibility.PUBLIC, false));
        Rec ours = Rec.of(conversation, EventTypes.POST_INGESTED, post(conversation, customer, "10", Visibility.PRIVATE, true));
        Rec answer = Rec.of(conversation, EventTypes.POST_INGESTED, post(conversation, customer, "7", Visibility.PRIVATE, false));
        publishTogether(Topics.POSTS, List.of(inPublic, ours, answer));

        assertThat(awaitState(c.caseId(), "answered")).containsEntry("score", 7).containsEntry("answeredVia", "dm");
        assertThat(processedRows(answer.ceId())).as("the DM went through the inbox").isEqualTo(1);
        assertThat(processedRows(inPublic.ceId())).as("public post: no processed_event row").isZero();
        assertThat(processedRows(ours.ceId())).as("our own message: no processed_event row").isZero();
        assertThat(count(EventTypes.POST_INGESTED, "skipped") - skippedBefore).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aBrokenPostAmongPublicOnesIsDeadLetteredNotSkipped() {
        String conversation = unique("conv-");
        String marker = unique("novisibility-");
        PostIngested first = post(conversation, unique("u-"), "hello", Visibility.PUBLIC, false);
        PostIngested last = post(conversation, unique("u-"), "again", Visibility.PUBLIC, false);
        // Public as far as the skip can tell (not private), but without visibility: broken for every consumer.
        String broken = "{\"postId\":\"" + UUID.randomUUID() + "\",\"channel\":\"x\",\"externalId\":\"" + marker
                + "\",\"conversationKey\":\"" + conversation + "\",\"author\":{\"platformUserId\":\"u-1\"},"
                + "\"text\":\"hi\",\"createdAt\":\"2026-11-01T08:00:00Z\",\"fromOwnAccount\":false}";
        publishTogether(Topics.POSTS, List.of(Rec.of(conversation, EventTypes.POST_INGESTED, first),
                new Rec(conversation, UUID.randomUUID().toString(), EventTypes.POST_INGESTED, broken),
                Rec.of(conversation, EventTypes.POST_INGESTED, last)));

        assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.POSTS), marker, WAIT)).hasSize(1);
        assertThat(TestEvents.readToEnd(Topics.dlq(Topics.POSTS)))
                .noneMatch(r -> r.value().contains(first.externalId()) || r.value().contains(last.externalId()));
    }

    @Test
    void anUpdateThatReopensNothingIsAcknowledgedUnreadAndAReopeningStillWithdrawsTheSurvey() throws SQLException {
        CaseResolved c = resolved(UUID.randomUUID(), Channel.FACEBOOK, unique("fb-"), "en", "care", Instant.now(), false,
                null, null);
        publish(c);
        awaitState(c.caseId(), "scheduled");
        String key = c.caseId().toString();
        String noStatus = unique("nostatus-");
        Rec closed = Rec.of(key, EventTypes.CASE_UPDATED, update(c.caseId(), "closed", "resolved"));
        Rec reopened = Rec.of(key, EventTypes.CASE_UPDATED, update(c.caseId(), "open", "resolved"));
        publishTogether(Topics.CASES, List.of(closed,
                // No status: cannot be judged, so read and dead-lettered.
                new Rec(key, UUID.randomUUID().toString(), EventTypes.CASE_UPDATED,
                        "{\"caseId\":\"" + c.caseId() + "\",\"channel\":\"facebook\",\"language\":\"" + noStatus + "\"}"),
                reopened));

        assertThat(awaitState(c.caseId(), "cancelled")).containsEntry("reason", "REOPENED");
        assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.CASES), noStatus, WAIT)).hasSize(1);
        assertThat(processedRows(reopened.ceId())).isEqualTo(1);
        assertThat(processedRows(closed.ceId())).as("closed: no processed_event row").isZero();
    }

    @Test
    void aPollOfOpenedCasesIsRecordedTogetherOnceEachWithoutProcessedEventRows() throws SQLException {
        double before = eventsBeyondOnePerRun();
        String customer = unique("u-");
        String key = unique("key-");
        Instant at = Instant.parse("2026-11-01T08:00:00Z");
        List<CaseOpened> cases = List.of(opened(customer, at), opened(customer, at.plusSeconds(1)),
                opened(customer, at.plusSeconds(2)), opened(customer, at.plusSeconds(3)));
        List<Rec> records = new ArrayList<>();
        cases.forEach(o -> records.add(Rec.of(key, EventTypes.CASE_OPENED, o)));
        CaseOpened first = cases.get(0);
        CaseOpened moved = new CaseOpened(first.caseId(), first.channel(), first.visibility(), first.customer(),
                first.firstPostId(), at.plusSeconds(60), 3, List.of(), null);
        // The first record again within the poll (same ce_id), then the same case under a new ce_id with
        // another openedAt (a resend): the first record of the case stays.
        records.add(records.get(0));
        records.add(Rec.of(key, EventTypes.CASE_OPENED, moved));
        publishTogether(Topics.CASES, records);

        Poll.until("the four cases of " + customer, WAIT, () -> recordedCases(customer), rows -> rows.size() >= 4);
        Map<UUID, Instant> recorded = recordedCases(customer);
        assertThat(recorded).hasSize(4);
        for (CaseOpened o : cases) {
            assertThat(recorded.get(o.caseId())).as("openedAt of " + o.caseId()).isEqualTo(o.openedAt());
        }
        for (Rec r : records) {
            assertThat(processedRows(r.ceId())).as("no processed_event row for " + r.ceId()).isZero();
        }
        assertThat(eventsBeyondOnePerRun()).as("cases recorded together").isGreaterThan(before);
    }

    @Test
    void aPoisonCaseOpenedInAPollIsDeadLetteredWithoutItsNeighbours() throws SQLException {
        String customer = unique("u-");
        String key = unique("key-");
        String noCustomer = unique("nocustomer-");
        String garbage = unique("garbage-");
        CaseOpened before = opened(customer, Instant.parse("2026-11-01T08:00:00Z"));
        CaseOpened after = opened(customer, Instant.parse("2026-11-01T08:00:05Z"));
        publishTogether(Topics.CASES, List.of(Rec.of(key, EventTypes.CASE_OPENED, before),
                // Read by the inbox, refused by the run (no customer): the run's transaction fails, and the
                // poll is recorded one by one.
                new Rec(key, UUID.randomUUID().toString(), EventTypes.CASE_OPENED, "{\"caseId\":\"" + UUID.randomUUID()
                        + "\",\"channel\":\"x\",\"openedAt\":\"2026-11-01T08:00:00Z\",\"language\":\"" + noCustomer + "\"}"),
                // Not JSON: dead-lettered before the run.
                new Rec(key, UUID.randomUUID().toString(), EventTypes.CASE_OPENED, "{\"" + garbage + "\": "),
                Rec.of(key, EventTypes.CASE_OPENED, after)));

        for (String marker : List.of(noCustomer, garbage)) {
            assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.CASES), marker, WAIT)).as(marker).hasSize(1);
        }
        Poll.until("both neighbours of the poison", WAIT, () -> recordedCases(customer), rows -> rows.size() >= 2);
        assertThat(recordedCases(customer).keySet()).containsExactlyInAnyOrder(before.caseId(), after.caseId());
    }

    @Test
    void aResolutionRedeliveredAfterItsSurveyWasCancelledDecidesNothingAgain() throws SQLException {
        CaseResolved c = resolved(UUID.randomUUID(), Channel.FACEBOOK, unique("fb-"), "en", "care", Instant.now(), false,
                null, null);
        String eventId = publish(c);
        Map<String, Object> scheduled = awaitState(c.caseId(), "scheduled");
        SurveyFixtures.reopen(c.caseId(), Channel.FACEBOOK);
        awaitState(c.caseId(), "cancelled");

        // The same event again (the inbox keeps no processed_event row for it), and the same resolution under
        // a new event id (the outbox relay's resend); then a marker on the same key, so the same partition.
        TestEvents.publishRaw(Topics.CASES, c.caseId().toString(), eventId, EventTypes.CASE_RESOLVED, TestEvents.json(c));
        publish(c);
        CaseResolved marker = due(Channel.EMAIL, unique("mail-"), "en", "care");
        TestEvents.publish(Topics.CASES, c.caseId().toString(), EventTypes.CASE_RESOLVED, marker);
        awaitSurvey(marker.caseId());

        assertThat(SurveyFixtures.survey(c.caseId())).containsEntry("id", scheduled.get("id"))
                .containsEntry("state", "cancelled").containsEntry("reason", "REOPENED")
                .containsEntry("decidedAt", scheduled.get("decidedAt"));
        assertThat(processedRows(eventId)).as("case.resolved keeps no processed_event row").isZero();
    }

    @Test
    void anOpenedCaseRedeliveredAfterItsCustomerWasErasedIsNotRecordedAgain() throws SQLException {
        String customer = unique("x-");
        CaseOpened c = opened(customer, Instant.parse("2026-11-01T08:00:00Z"));
        String eventId = TestEvents.publish(Topics.CASES, c.caseId().toString(), EventTypes.CASE_OPENED, c);
        Poll.until("case of " + customer, WAIT, () -> recordedCases(customer), rows -> rows.size() == 1);

        UUID erasureId = UUID.randomUUID();
        TestEvents.publish(Topics.IDENTITY, erasureId.toString(), EventTypes.ERASURE_REQUESTED, new ErasureRequested(
                erasureId, null, List.of(new ErasureRequested.Subject(Channel.X, customer)), Instant.now()));
        assertThat(SurveyFixtures.confirmations(erasureId, 1)).hasSize(1);
        assertThat(recordedCases(customer)).isEmpty();

        TestEvents.publishRaw(Topics.CASES, c.caseId().toString(), eventId, EventTypes.CASE_OPENED, TestEvents.json(c));
        String other = unique("x-");
        TestEvents.publish(Topics.CASES, c.caseId().toString(), EventTypes.CASE_OPENED,
                opened(other, Instant.parse("2026-11-01T08:00:01Z")));
        Poll.until("the marker case of " + other, WAIT, () -> recordedCases(other), rows -> rows.size() == 1);
        assertThat(recordedCases(customer)).as("the erased customer's case").isEmpty();
    }

    @Test
    void consentForAnotherPurposeIsAcknowledgedUnread() throws SQLException {
        String key = UUID.randomUUID().toString();
        String marketing = TestEvents.publish(Topics.IDENTITY, key, EventTypes.CONSENT_CHANGED, new ConsentChanged(
                UUID.randomUUID(), UUID.randomUUID(), Channel.X, unique("x-"), "marketing", "revoked", null, Instant.now()));
        // An erasure on the same key (so the same partition) is confirmed only after the consent before it.
        SurveyFixtures.identityBarrier(key);
        assertThat(processedRows(marketing)).as("consent for marketing: no processed_event row").isZero();
    }

    private static CaseOpened opened(String customer, Instant openedAt) {
        return new CaseOpened(UUID.randomUUID(), Channel.X, Visibility.PUBLIC, new PostIngested.Author(customer, "dana", null),
                UUID.randomUUID(), openedAt, 3, List.of("x"), "en");
    }

    private static PostIngested post(String conversation, String author, String text, Visibility visibility,
            boolean fromOwnAccount) {
        return new PostIngested(UUID.randomUUID(), Channel.X, unique("ext-"), conversation,
                new PostIngested.Author(author, "dana", null), text, Instant.now(), Instant.now(), null, visibility,
                fromOwnAccount);
    }

    private static CaseUpdated update(UUID caseId, String status, String previous) {
        return new CaseUpdated(caseId, Channel.FACEBOOK, status, previous, 3, List.of(), "en", null, List.of("status"),
                null, null, Instant.now());
    }

    private double count(String type, String outcome) {
        Counter counter = meters.find("outpost.inbox.events").tags("type", type, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Events processed together in runs of more than one so far (sum of run sizes minus run count). */
    private double eventsBeyondOnePerRun() {
        DistributionSummary together = meters.find("outpost.inbox.events.together").summary();
        return together == null ? 0 : together.totalAmount() - together.count();
    }

    private long processedRows(String eventId) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("select count(*) from processed_event where event_id = ?")) {
            query.setString(1, eventId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The candidate cases recorded for a customer on X: case id to openedAt. */
    private Map<UUID, Instant> recordedCases(String customer) {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select case_id, opened_at from survey_case where channel = 'x' and customer_platform_id = ?")) {
            query.setString(1, customer);
            Map<UUID, Instant> rows = new java.util.HashMap<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getObject(1, UUID.class), rs.getObject(2, Timestamp.class).toInstant());
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the records in one producer batch per partition (devstack TestEvents.publishAllRaw), in order. */
    private static void publishTogether(String topic, List<Rec> records) {
        TestEvents.publishAllRaw(topic, records.stream().map(r -> new TestEvents.Raw(r.key(), r.ceId(), r.type(), r.value())).toList());
    }

}
