package io.outpost.cases;

import static io.restassured.RestAssured.given;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/** Posts published the way ingest-service publishes them, and cases read back through the API. */
public final class CaseFixtures {

    /** How long a test waits for the service to consume, store and publish. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    public static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    private CaseFixtures() {
    }

    /** A customer's post that answers nothing: a conversation of its own. */
    public static PostIngested customerPost(Channel channel, Instant createdAt) {
        String externalId = "t-" + UUID.randomUUID();
        return post(channel, externalId, channel.wireName() + ":" + externalId, null, createdAt, false);
    }

    public static PostIngested reply(PostIngested parent, Instant createdAt, boolean fromOwnAccount) {
        return post(parent.channel(), "t-" + UUID.randomUUID(), parent.conversationKey(), parent.externalId(),
                createdAt, fromOwnAccount);
    }

    public static PostIngested post(Channel channel, String externalId, String conversationKey, String inReplyTo,
            Instant createdAt, boolean fromOwnAccount) {
        PostIngested.Author author = fromOwnAccount
                ? new PostIngested.Author("brand-1", "acme_care", "Acme Care")
                : new PostIngested.Author("u-" + UUID.randomUUID(), "dana", "Dana K");
        return new PostIngested(UUID.randomUUID(), channel, externalId, conversationKey, author,
                "text of " + externalId, createdAt, Instant.now(), inReplyTo, Visibility.PUBLIC, fromOwnAccount);
    }

    /** Publishes to outpost.posts keyed by conversation, as ingest-service does; returns the ce_id. */
    public static String publish(PostIngested post) {
        return TestEvents.publish(Topics.POSTS, post.conversationKey(), EventTypes.POST_INGESTED, post);
    }

    /** The id of the case the post opened, once it is visible in the list. */
    public static String awaitCaseOpenedBy(PostIngested post) {
        return Poll.until("case opened by " + post.externalId(), TIMEOUT,
                () -> caseOpenedBy(post.postId()), Optional::isPresent).orElseThrow();
    }

    /** Scans the whole list, page by page, for the case whose first post is {@code postId}. */
    public static Optional<String> caseOpenedBy(UUID postId) {
        String cursor = null;
        do {
            var request = given().auth().oauth2(TestTokens.supervisor()).queryParam("limit", 200);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/v1/cases").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = page.getList("items");
            for (Map<String, Object> item : items) {
                if (postId.toString().equals(item.get("firstPostId"))) {
                    return Optional.of((String) item.get("id"));
                }
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return Optional.empty();
    }

    public static JsonPath detail(String caseId) {
        return given().auth().oauth2(TestTokens.agent())
                .when().get("/api/v1/cases/" + caseId)
                .then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath awaitDetail(String caseId, String what, Predicate<JsonPath> done) {
        return Poll.until(what, TIMEOUT, () -> detail(caseId), done);
    }

    public static List<String> postExternalIds(JsonPath detail) {
        return detail.getList("posts.externalId", String.class);
    }

    /** Records of {@code topic} of one CloudEvents type whose payload contains {@code marker}, waiting for {@code count}. */
    public static List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> awaitEvents(String topic,
            String type, String marker, int count, Duration wait) {
        Predicate<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> wanted = r -> r.value() != null
                && r.value().contains(marker) && TestEvents.header(r, "ce_type").map(type::equals).orElse(false);
        return TestEvents.readUntil(topic, rs -> rs.stream().filter(wanted).count() >= count, wait).stream()
                .filter(wanted).toList();
    }

    /** PATCHes a case and checks the status code; returns the body. */
    public static JsonPath patch(String token, String caseId, Map<String, ?> body, int status) {
        return given().auth().oauth2(token).contentType(io.restassured.http.ContentType.JSON).body(body)
                .when().patch("/api/v1/cases/" + caseId)
                .then().statusCode(status).extract().jsonPath();
    }

    public static JsonPath timeline(String caseId) {
        return given().auth().oauth2(TestTokens.supervisor()).when().get("/api/v1/cases/" + caseId + "/timeline")
                .then().statusCode(200).extract().jsonPath();
    }

    /**
     * Publishes ingest-service's report that the reply reached the platform with {@code platformMessageId},
     * keyed by case as ingest-service keys it; returns the ce_id.
     */
    public static String reportDelivered(String caseId, String replyId, Channel channel, String platformMessageId,
            Instant reportedAt) {
        return TestEvents.publish(Topics.DELIVERY, caseId, EventTypes.DELIVERY_REPORTED, new DeliveryReported(
                UUID.fromString(replyId), UUID.fromString(caseId), channel, DeliveryReported.Status.DELIVERED,
                platformMessageId, null, reportedAt));
    }

    /** Publishes ingest-service's report that the platform refused the reply, with its reason. */
    public static String reportFailed(String caseId, String replyId, Channel channel, String reason, Instant reportedAt) {
        return TestEvents.publish(Topics.DELIVERY, caseId, EventTypes.DELIVERY_REPORTED, new DeliveryReported(
                UUID.fromString(replyId), UUID.fromString(caseId), channel, DeliveryReported.Status.FAILED, null,
                reason, reportedAt));
    }

    /** The echo the platform sends of our message {@code platformMessageId}: our own post with that id. */
    public static PostIngested echoOf(PostIngested answered, String platformMessageId, Instant createdAt) {
        return post(answered.channel(), platformMessageId, answered.conversationKey(), answered.externalId(), createdAt,
                true);
    }

    /** Every item of the missed view, page after page, as a supervisor sees it. */
    public static List<Map<String, Object>> missedAll() {
        return missedAll(200);
    }

    /** The same, read {@code pageSize} items a page (the order must not depend on it). */
    public static List<Map<String, Object>> missedAll(int pageSize) {
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(TestTokens.supervisor()).queryParam("limit", pageSize);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/api/v1/missed").then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("items"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return all;
    }

    /** A case opened by a fresh customer post at {@code at}. */
    public static String openCase(Channel channel, Instant at) {
        PostIngested post = customerPost(channel, at);
        publish(post);
        return awaitCaseOpenedBy(post);
    }

    /** Runs one SQL update on the service's database (to put a case where no API puts it, e.g. in the past). */
    public static int sql(String statement, Object... args) {
        org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
                java.sql.PreparedStatement update = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                update.setObject(i + 1, args[i]);
            }
            return update.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
