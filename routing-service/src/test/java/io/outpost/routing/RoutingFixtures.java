package io.outpost.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the routing tests share. Tests share one database and one topic: each test gives its
 * cases a skill of its own (and its own channel), so no test's agent can take another test's case.
 */
public final class RoutingFixtures {

    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private RoutingFixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Map<String, Object> agentBody(String username, Map<String, Integer> skills, List<String> languages,
            Map<String, Integer> channels, String presence) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("displayName", "Agent " + username);
        body.put("skills", skills);
        body.put("languages", languages);
        body.put("channels", channels);
        body.put("team", "tier-1");
        if (presence != null) {
            body.put("presence", presence);
        }
        return body;
    }

    /** Creates an agent as a supervisor; returns the created agent's JSON. */
    public static Response createAgent(Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.supervisor())
                .contentType(ContentType.JSON).body(TestEvents.json(body))
                .when().post("/api/v1/agents")
                .then().log().ifValidationFails().statusCode(201)
                .extract().response();
    }

    public static UUID createAgent(String username, String skill, Channel channel, int capacity, String presence) {
        return UUID.fromString(createAgent(agentBody(username, Map.of(skill, 3), List.of("en"),
                Map.of(channel.wireName(), capacity), presence)).path("id"));
    }

    public static CaseOpened caseOpened(UUID caseId, Channel channel, int priority, List<String> skills, String language) {
        return new CaseOpened(caseId, channel, Visibility.PUBLIC, new PostIngested.Author("u-" + caseId, "customer", null),
                UUID.randomUUID(), Instant.parse("2026-11-01T08:00:00Z"), priority, skills, language);
    }

    /** Publishes case.opened for a new case needing {@code skill}; returns the case id. */
    public static UUID openCase(Channel channel, String skill) {
        UUID caseId = UUID.randomUUID();
        TestEvents.publish(Topics.CASES, caseId.toString(), EventTypes.CASE_OPENED,
                caseOpened(caseId, channel, 3, List.of(skill), "en"));
        return caseId;
    }

    /** case.updated with the case's whole routable state; {@code changes} as case-service lists them. */
    public static CaseUpdated caseUpdated(UUID caseId, Channel channel, String status, int priority, List<String> skills,
            UUID assignee, List<String> changes, Instant nextDueAt) {
        return new CaseUpdated(caseId, channel, status, "open", priority, skills, "en", assignee, changes, null, nextDueAt,
                Instant.now());
    }

    public static void publishUpdate(CaseUpdated update) {
        TestEvents.publish(Topics.CASES, update.caseId().toString(), EventTypes.CASE_UPDATED, update);
    }

    /** The agent's active cases on a channel (offered or accepted). */
    public static int load(UUID agentId, String channel) {
        Integer load = agent(agentId).path("load." + channel);
        return load == null ? 0 : load;
    }

    /** The rules the service starts with (auto-accept on), as a mutable request body. */
    public static Map<String, Object> defaultRules() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("initialProficiency", 3);
        body.put("loweredProficiency", 1);
        body.put("lowerProficiencyAfterSeconds", 60);
        body.put("dropOptionalSkillsAfterSeconds", 120);
        body.put("teamAfterSeconds", 300);
        body.put("supervisorsAfterSeconds", 600);
        body.put("optionalSkills", List.of());
        body.put("queues", List.of());
        body.put("autoAccept", true);
        body.put("offerTimeoutSeconds", 60);
        body.put("preferredAgentWaitSeconds", 30);
        return body;
    }

    /**
     * Stores routing rules as an admin: the defaults with {@code overrides} applied (rules are
     * global; a test that stores rules resets them afterwards).
     */
    public static Response putRules(Map<String, Object> overrides) {
        Map<String, Object> body = defaultRules();
        body.putAll(overrides);
        return given().auth().oauth2(TestTokens.admin())
                .contentType(ContentType.JSON).body(TestEvents.json(body))
                .when().put("/api/v1/routing-rules")
                .then().log().ifValidationFails().statusCode(200)
                .extract().response();
    }

    /** Sets an agent's presence as a supervisor. */
    public static Response setPresence(UUID agentId, String presence) {
        return given().auth().oauth2(TestTokens.supervisor())
                .contentType(ContentType.JSON).body("{\"presence\":\"" + presence + "\"}")
                .when().put("/api/v1/agents/" + agentId + "/presence")
                .then().log().ifValidationFails().statusCode(200)
                .extract().response();
    }

    /** The assignment.created records of a case, waiting for the first. */
    public static List<ConsumerRecord<String, String>> awaitAssignments(UUID caseId) {
        Predicate<ConsumerRecord<String, String>> ofCase = created(caseId);
        List<ConsumerRecord<String, String>> records = TestEvents.readUntil(Topics.ASSIGNMENTS,
                rs -> rs.stream().anyMatch(ofCase), TIMEOUT).stream().filter(ofCase).toList();
        assertThat(records).as("assignment.created for case %s", caseId).isNotEmpty();
        return records;
    }

    /** The routing state of a case once it satisfies {@code until} (e.g. it exists and waits). */
    public static Response awaitTask(UUID caseId, Predicate<Response> until) {
        return poll(() -> given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/tasks/" + caseId)
                .then().extract().response(), until, "routing task of case " + caseId);
    }

    public static Predicate<Response> status(String status) {
        return r -> r.statusCode() == 200 && status.equals(r.path("status"));
    }

    public static Response agent(UUID id) {
        return given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/agents/" + id)
                .then().statusCode(200).extract().response();
    }

    /** The rows of a query, read straight from the database (around the service's own code). */
    public static List<io.vertx.mutiny.sqlclient.Row> rows(io.vertx.mutiny.sqlclient.Pool pool, String sql,
            io.vertx.mutiny.sqlclient.Tuple params) {
        List<io.vertx.mutiny.sqlclient.Row> rows = new java.util.ArrayList<>();
        pool.preparedQuery(sql).execute(params).await().atMost(TIMEOUT).forEach(rows::add);
        return rows;
    }

    /** Asks until the answer satisfies the condition; fails after {@link #TIMEOUT}. */
    public static <T> T poll(Supplier<T> ask, Predicate<T> until, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T answer = ask.get();
        while (!until.test(answer)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what + "; last answer: "
                        + (answer instanceof Response r ? r.statusCode() + " " + r.asString() : answer));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            answer = ask.get();
        }
        return answer;
    }

    /** An assignment.created record (outpost.assignments also carries offer.made and offer.ended). */
    public static boolean isCreated(ConsumerRecord<String, String> record) {
        return EventTypes.ASSIGNMENT_CREATED.equals(TestEvents.header(record, "ce_type").orElse(null));
    }

    /** assignment.created of the case. */
    public static Predicate<ConsumerRecord<String, String>> created(UUID caseId) {
        return r -> isCreated(r) && r.value() != null && r.value().contains(caseId.toString());
    }

    /** offer.made and offer.ended records of the agent (keyed by them), in order, once {@code until} holds. */
    public static List<ConsumerRecord<String, String>> awaitOfferEvents(UUID agentId,
            Predicate<List<ConsumerRecord<String, String>>> until) {
        Predicate<ConsumerRecord<String, String>> ofAgent = r -> agentId.toString().equals(r.key()) && !isCreated(r);
        return TestEvents.readUntil(Topics.ASSIGNMENTS, rs -> until.test(rs.stream().filter(ofAgent).toList()), TIMEOUT)
                .stream().filter(ofAgent).toList();
    }
}
