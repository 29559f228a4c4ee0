package io.outpost.survey.flow;

import static io.restassured.RestAssured.given;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Events and probes the service tests share: resolved cases, their survey decisions, invitations and links. */
public final class SurveyFixtures {

    public static final Duration WAIT = Duration.ofSeconds(30);
    /** The default delay after resolution: a case resolved this long ago is due at once. */
    public static final Duration DELAY = Duration.ofMinutes(60);
    private static final Pattern LINK = Pattern.compile("https?://\\S+/s/([A-Za-z0-9_.-]+)");

    private SurveyFixtures() {
    }

    public static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A resolved case whose survey is due now (resolved one delay ago). */
    public static CaseResolved due(Channel channel, String customer, String language, String team) {
        return resolved(UUID.randomUUID(), channel, customer, language, team, Instant.now().minus(DELAY), false, null, -0.6);
    }

    public static CaseResolved resolved(UUID caseId, Channel channel, String customer, String language, String team,
            Instant resolvedAt, boolean hidden, UUID incidentId, Double openingSentiment) {
        Instant at = resolvedAt.truncatedTo(ChronoUnit.MILLIS);
        return new CaseResolved(caseId, channel, Visibility.PUBLIC, new PostIngested.Author(customer, "dana", "Dana"),
                UUID.nameUUIDFromBytes(("agent-" + team).getBytes()), "Jo Kim", team, language, openingSentiment, hidden,
                incidentId, at.minus(Duration.ofHours(3)), at.minus(Duration.ofHours(2)), at);
    }

    /** The same resolved case, the customer having written to our account {@code accountId}. */
    public static CaseResolved toAccount(CaseResolved c, String accountId) {
        return new CaseResolved(c.caseId(), c.channel(), c.visibility(), c.customer(), c.assigneeAgentId(),
                c.assigneeName(), c.team(), c.language(), c.openingSentiment(), c.hidden(), c.incidentId(), c.openedAt(),
                c.firstResponseAt(), c.resolvedAt(), accountId);
    }

    public static String publish(CaseResolved c) {
        return TestEvents.publish(Topics.CASES, c.caseId().toString(), EventTypes.CASE_RESOLVED, c);
    }

    public static void reopen(UUID caseId, Channel channel) {
        TestEvents.publish(Topics.CASES, caseId.toString(), EventTypes.CASE_UPDATED, new CaseUpdated(caseId, channel,
                "open", "resolved", 3, List.of(), "en", null, List.of("status"), null, null, Instant.now()));
    }

    /** A private message from a customer, as ingest-service publishes it. */
    public static void dm(Channel channel, String customer, String text) {
        String conversation = unique("dm-");
        TestEvents.publish(Topics.POSTS, conversation, EventTypes.POST_INGESTED, new PostIngested(UUID.randomUUID(),
                channel, unique("ext-"), conversation, new PostIngested.Author(customer, "dana", null), text,
                Instant.now(), Instant.now(), null, Visibility.PRIVATE, false));
    }

    /** The survey decision of a case, as the API shows it (waits until it exists). */
    public static Map<String, Object> awaitSurvey(UUID caseId) {
        return awaitSurvey(caseId, s -> true);
    }

    public static Map<String, Object> awaitSurvey(UUID caseId, java.util.function.Predicate<Map<String, Object>> done) {
        return Poll.until("survey of case " + caseId, WAIT, () -> survey(caseId), s -> s != null && done.test(s));
    }

    public static Map<String, Object> awaitState(UUID caseId, String state) {
        return awaitSurvey(caseId, s -> state.equals(s.get("state")));
    }

    public static Map<String, Object> survey(UUID caseId) {
        List<Map<String, Object>> items = given().auth().oauth2(TestTokens.supervisor())
                .queryParam("caseId", caseId.toString())
                .when().get("/api/v1/surveys")
                .then().statusCode(200).extract().jsonPath().getList("items");
        return items.isEmpty() ? null : items.get(0);
    }

    /** The invitation requested for a case, checked against the contract. */
    public static OutboundRequested awaitInvitation(UUID caseId) {
        ConsumerRecord<String, String> record = awaitOne(Topics.OUTBOUND, caseId, EventTypes.OUTBOUND_REQUESTED);
        return TestEvents.payload(record, OutboundRequested.class);
    }

    /** The one event of {@code type} about a case on a topic, checked against the contract. */
    public static ConsumerRecord<String, String> awaitOne(String topic, UUID caseId, String type) {
        List<ConsumerRecord<String, String>> records = TestEvents.readUntil(topic,
                rs -> rs.stream().anyMatch(r -> matches(r, caseId, type)), WAIT)
                .stream().filter(r -> matches(r, caseId, type)).toList();
        if (records.size() != 1) {
            throw new AssertionError("expected one " + type + " about case " + caseId + " on " + topic + ", got " + records.size());
        }
        ContractCheck.assertConforms(records.get(0));
        return records.get(0);
    }

    /** The events of {@code type} about a case on a topic, read for {@code window}. */
    public static List<ConsumerRecord<String, String>> all(String topic, UUID caseId, String type, Duration window) {
        return TestEvents.readUntil(topic, rs -> false, window).stream().filter(r -> matches(r, caseId, type)).toList();
    }

    private static boolean matches(ConsumerRecord<String, String> r, UUID caseId, String type) {
        return caseId.toString().equals(r.key()) && TestEvents.header(r, "ce_type").map(type::equals).orElse(false);
    }

    /** The token of the answer link in an invitation's text. */
    public static String token(OutboundRequested invitation) {
        Matcher m = LINK.matcher(invitation.text());
        if (!m.find()) {
            throw new AssertionError("no answer link in " + invitation.text());
        }
        return m.group(1);
    }

    /**
     * Waits until the survey service has handled everything published on {@code outpost.identity}
     * under {@code key}: an erasure of a made-up person on the same key (so the same partition)
     * is confirmed only after the events before it.
     */
    public static void identityBarrier(String key) {
        UUID erasureId = UUID.randomUUID();
        TestEvents.publish(Topics.IDENTITY, key, EventTypes.ERASURE_REQUESTED, new ErasureRequested(erasureId, null,
                List.of(new ErasureRequested.Subject(Channel.FORUM, unique("nobody-"))), Instant.now()));
        if (confirmations(erasureId, 1).size() != 1) {
            throw new AssertionError("erasure " + erasureId + " not confirmed once");
        }
    }

    public static List<ConsumerRecord<String, String>> confirmations(UUID erasureId, int atLeast) {
        return TestEvents.readUntil(Topics.IDENTITY, rs -> rs.stream().filter(r -> isConfirmation(r, erasureId)).count() >= atLeast,
                atLeast > 1 ? Duration.ofSeconds(2) : WAIT).stream().filter(r -> isConfirmation(r, erasureId)).toList();
    }

    public static boolean isConfirmation(ConsumerRecord<String, String> r, UUID erasureId) {
        return erasureId.toString().equals(r.key())
                && TestEvents.header(r, "ce_type").map(EventTypes.ERASURE_CONFIRMED::equals).orElse(false);
    }

}
