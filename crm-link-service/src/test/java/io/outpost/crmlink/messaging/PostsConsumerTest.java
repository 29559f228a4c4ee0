package io.outpost.crmlink.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import io.outpost.crmlink.OwnerDatabase;
import io.outpost.crmlink.Posts;
import io.outpost.devstack.Poll;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The posts channel takes a poll at a time (README "The posts consumer"): its posts' authors are learned
 * together in one transaction, exactly as one post after the other would learn them. Each test writes its
 * records of one key through a producer that lingers, so they reach the broker as one batch and the
 * consumer reads them in one poll; {@code outpost.inbox.events.together} shows that a run of several
 * posts was processed together.
 */
@QuarkusTest
class PostsConsumerTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final Instant T1 = Instant.parse("2026-11-01T08:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-02T08:00:00Z");
    static final Instant T3 = Instant.parse("2026-11-03T08:00:00Z");

    @Inject
    MeterRegistry meters;

    /** Events processed together in runs of more than one so far (sum of run sizes minus run count). */
    private double eventsBeyondOnePerRun() {
        DistributionSummary together = meters.find("outpost.inbox.events.together").summary();
        return together == null ? 0 : together.totalAmount() - together.count();
    }

    private double postsSkipped() {
        Counter skipped = meters.find("outpost.inbox.events").tags("type", EventTypes.POST_INGESTED, "outcome", "skipped")
                .counter();
        return skipped == null ? 0 : skipped.count();
    }

    private static TestEvents.Raw record(String key, PostIngested post) {
        return new TestEvents.Raw(key, UUID.randomUUID().toString(), EventTypes.POST_INGESTED, TestEvents.json(post));
    }

    private static PostIngested post(String user, String handle, String displayName, Instant at) {
        return Posts.by(Channel.X, user, handle, displayName, at, false);
    }

    /** A private message of {@code user} saying {@code text}. */
    private static PostIngested dm(String user, String handle, String text, Instant at) {
        String externalId = "dm-" + UUID.randomUUID();
        return new PostIngested(UUID.randomUUID(), Channel.X, externalId, "x:dm:" + user,
                new PostIngested.Author(user, handle, null), text, at, Instant.now(), null, Visibility.PRIVATE, false);
    }

    /** Sends the records in one producer batch (linger), in order, and waits for the broker. */
    private static void publishTogether(List<TestEvents.Raw> records) {
        TestEvents.publishAllRaw(Topics.POSTS, records);
    }


    /** The stored identity of an X user, or null. */
    private static Map<String, Object> identity(String user) {
        List<Map<String, Object>> rows = OwnerDatabase.rows(
                "select * from social_identity where channel = 'x' and platform_user_id = ?", user);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static Map<String, Object> awaitIdentity(String user, long postCount) {
        return Poll.until(user + " learned from " + postCount + " posts", WAIT, () -> identity(user),
                i -> i != null && ((Number) i.get("post_count")).longValue() >= postCount);
    }

    private static List<Map<String, Object>> handleChanges(Object identityId) {
        return OwnerDatabase.rows("select old_handle, new_handle, changed_at from handle_change where identity_id = ? "
                + "order by changed_at", identityId);
    }

    private static Instant instant(Object timestamp) {
        return ((Timestamp) timestamp).toInstant();
    }

    private static boolean processed(String ceId) {
        return !OwnerDatabase.rows("select 1 from processed_event where event_id = ?", ceId).isEmpty();
    }

    private static Map<String, Object> consent(Object identityId, String purpose) {
        List<Map<String, Object>> consents = given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/subjects/" + identityId + "/consents")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return consents.stream().filter(c -> purpose.equals(c.get("purpose"))).findFirst().orElseThrow();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPollOfPostsLearnsANewAndAKnownAuthorTogetherAsOneByOneWould() {
        String known = Posts.unique("u-");
        String handle = Posts.unique("kay");
        String key = "x:" + known;
        Posts.publish(key, post(known, handle, "Kay", T1));
        Object knownId = awaitIdentity(known, 1).get("id");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("decision", "grant", "evidence", Map.of("source", "admin-action",
                        "note", "customer asked by phone", "textVersion", "2026-11")))
                .when().put("/api/v1/subjects/" + knownId + "/consents/surveys").then().statusCode(200);

        String fresh = Posts.unique("u-");
        String freshHandle = Posts.unique("nia");
        double before = eventsBeyondOnePerRun();
        // After the grant: a withdrawal counts only from a message written after the decision.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        PostIngested reveals = dm(known, handle + "_b", "my email is kay.b@example.com", now.plusSeconds(11));
        PostIngested stop = dm(known, handle + "_b", "STOP LINK", now.plusSeconds(12));
        publishTogether(List.of(
                // The known author, newest first: its older post arrives after the newer one.
                record(key, post(known, handle + "_b", "Kay B", now.plusSeconds(10))),
                record(key, post(fresh, freshHandle, "Nia", T1)),
                record(key, post(known, handle + "_late", "Old Name", now.plusSeconds(5))),
                record(key, post(fresh, freshHandle + "_2", "Nia", T2)),
                record(key, reveals),
                // The fresh author's keyword DM: known by then (its first post is earlier in the poll), nothing to withdraw.
                record(key, dm(fresh, freshHandle + "_2", "STOP LINK", T3)),
                record(key, stop)));

        Map<String, Object> k = awaitIdentity(known, 5);
        assertThat(k.get("post_count")).isEqualTo(5L);
        assertThat(k).containsEntry("handle", handle + "_b").containsEntry("display_name", "Kay B");
        assertThat(instant(k.get("first_seen_at"))).isEqualTo(T1);
        assertThat(instant(k.get("last_seen_at"))).isEqualTo(now.plusSeconds(12));
        assertThat(handleChanges(knownId)).singleElement().satisfies(change -> {
            assertThat(change).containsEntry("old_handle", handle).containsEntry("new_handle", handle + "_b");
            assertThat(instant(change.get("changed_at"))).isEqualTo(now.plusSeconds(10));
        });

        Map<String, Object> n = awaitIdentity(fresh, 3);
        assertThat(n.get("post_count")).isEqualTo(3L);
        assertThat(n).containsEntry("handle", freshHandle + "_2").containsEntry("display_name", "Nia");
        assertThat(instant(n.get("first_seen_at"))).isEqualTo(T1);
        assertThat(instant(n.get("last_seen_at"))).isEqualTo(T3);
        assertThat(handleChanges(n.get("id"))).singleElement().satisfies(change -> {
            assertThat(change).containsEntry("old_handle", freshHandle).containsEntry("new_handle", freshHandle + "_2");
            assertThat(instant(change.get("changed_at"))).isEqualTo(T2);
        });

        // The rare parts, per post in the same transaction: the value revealed, the grant withdrawn by the DM.
        assertThat(OwnerDatabase.rows("select attribute, value, message_id from identity_revealed_attribute "
                + "where identity_id = ?", knownId)).containsExactly(
                        Map.of("attribute", "email", "value", "kay.b@example.com", "message_id", reveals.externalId()));
        Map<String, Object> surveys = consent(knownId, "surveys");
        assertThat(surveys).containsEntry("status", "revoked");
        assertThat((Map<String, Object>) surveys.get("evidence")).containsEntry("source", "channel-message")
                .containsEntry("messageId", stop.externalId());
        assertThat(OwnerDatabase.rows("select 1 from consent where subject_id = ?", n.get("id"))).isEmpty();

        assertThat(eventsBeyondOnePerRun()).as("posts processed together").isGreaterThan(before);
    }

    @Test
    void ownAccountPostsAreSkippedBeforeAnyTransaction() {
        String key = Posts.unique("facebook:");
        String brand = Posts.unique("page-");
        String customer = Posts.unique("u-");
        double before = postsSkipped();
        TestEvents.Raw own = record(key, Posts.by(Channel.FACEBOOK, brand, "ourbrand", "Our Brand", T1, true));
        publishTogether(List.of(own, record(key, Posts.by(Channel.FACEBOOK, customer, "cust", null, T2, false))));

        Poll.until("the customer learned", WAIT, () -> OwnerDatabase.rows(
                "select 1 from social_identity where channel = 'facebook' and platform_user_id = ?", customer),
                rows -> !rows.isEmpty());
        assertThat(OwnerDatabase.rows("select 1 from social_identity where platform_user_id = ?", brand)).isEmpty();
        // Acknowledged without a transaction: no processed_event row, counted as skipped.
        assertThat(processed(own.ceId())).isFalse();
        assertThat(postsSkipped()).isGreaterThanOrEqualTo(before + 1);
    }

    @Test
    void aRedeliveredPostChangesNothingWithinAPollOrAcrossPolls() {
        String user = Posts.unique("u-");
        String handle = Posts.unique("rae");
        String key = "x:" + user;
        PostIngested first = post(user, handle, "Rae", T1);
        String firstId = Posts.publish(key, first);
        Object id = awaitIdentity(user, 1).get("id");

        PostIngested renamed = post(user, handle + "_r", "Rae R", T2);
        TestEvents.Raw renamedRecord = record(key, renamed);
        String marker = Posts.unique("u-");
        publishTogether(List.of(
                new TestEvents.Raw(key, firstId, EventTypes.POST_INGESTED, TestEvents.json(first)),
                renamedRecord, renamedRecord,
                new TestEvents.Raw(key, firstId, EventTypes.POST_INGESTED, TestEvents.json(first)),
                record(key, post(marker, "m", null, T1))));
        // The marker is the poll's last record: once it is learned, so is everything before it.
        awaitIdentity(marker, 1);

        Map<String, Object> after = identity(user);
        assertThat(after.get("post_count")).isEqualTo(2L);
        assertThat(after).containsEntry("handle", handle + "_r");
        assertThat(handleChanges(id)).hasSize(1);
        // The processed_event row is kept (README "The posts consumer"): it is what drops the repeats.
        assertThat(processed(firstId)).isTrue();
        assertThat(processed(renamedRecord.ceId())).isTrue();

        // And once more in a poll of its own.
        TestEvents.publishRaw(Topics.POSTS, key, renamedRecord.ceId(), EventTypes.POST_INGESTED, renamedRecord.value());
        String marker2 = Posts.unique("u-");
        Posts.publish(key, post(marker2, "m", null, T1));
        awaitIdentity(marker2, 1);
        assertThat(identity(user).get("post_count")).isEqualTo(2L);
        assertThat(handleChanges(id)).hasSize(1);
    }

    @Test
    void aPoisonRecordInAPollIsDeadLetteredWithoutItsNeighbours() {
        String key = Posts.unique("x:");
        String a = Posts.unique("u-");
        String b = Posts.unique("u-");
        String noAuthor = Posts.unique("noauthor");
        String unreadable = Posts.unique("unreadable");
        PostIngested valid = post(a, "h", null, T1);
        publishTogether(List.of(record(key, valid),
                // Valid JSON against the contract: fails the run's transaction, which then goes one by one.
                new TestEvents.Raw(key, UUID.randomUUID().toString(), EventTypes.POST_INGESTED, TestEvents.json(
                        new PostIngested(UUID.randomUUID(), Channel.X, noAuthor, key, null, "x", T1, T1, null, null, false))),
                // Not JSON: dead-lettered before the run.
                new TestEvents.Raw(key, UUID.randomUUID().toString(), EventTypes.POST_INGESTED, "{\"" + unreadable + "\": "),
                record(key, post(b, "h", null, T2))));

        for (String marker : List.of(noAuthor, unreadable)) {
            assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.POSTS), marker, WAIT)).as(marker).hasSize(1);
        }
        // Each neighbour learned once: the failed run's transaction left nothing behind.
        assertThat(awaitIdentity(a, 1).get("post_count")).isEqualTo(1L);
        assertThat(awaitIdentity(b, 1).get("post_count")).isEqualTo(1L);
    }
}
