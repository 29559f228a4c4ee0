package io.outpost.cases.messaging;

import static io.outpost.cases.CaseFixtures.T0;
import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitDetail;
import static io.outpost.cases.CaseFixtures.caseOpenedBy;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.detail;
import static io.outpost.cases.CaseFixtures.post;
import static io.outpost.cases.CaseFixtures.postExternalIds;
import static io.outpost.cases.CaseFixtures.publish;
import static io.outpost.cases.CaseFixtures.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.CaseOpened;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CaseEventsConsumerTest {

    /** case.opened records that name the post as their first post. */
    private static List<ConsumerRecord<String, String>> caseOpenedFor(PostIngested post, Duration wait) {
        return TestEvents.readUntil(Topics.CASES, rs -> false, wait).stream()
                .filter(r -> r.value().contains(post.postId().toString()) && isCaseOpened(r)).toList();
    }

    /** case.post-added names posts too (every post that joins a case): only case.opened counts here. */
    private static boolean isCaseOpened(ConsumerRecord<String, String> r) {
        return TestEvents.header(r, "ce_type").filter(EventTypes.CASE_OPENED::equals).isPresent();
    }

    @Test
    void aPostOpensACaseAndCaseOpenedIsPublishedOnce() {
        PostIngested post = customerPost(Channel.X, T0);
        publish(post);

        String caseId = awaitCaseOpenedBy(post);
        JsonPath detail = detail(caseId);
        assertThat(detail.getString("status")).isEqualTo("new");
        assertThat(detail.getString("channel")).isEqualTo("x");
        assertThat(detail.getString("visibility")).isEqualTo("public");
        assertThat(detail.getString("openedAt")).isEqualTo("2026-11-01T08:00:00Z");
        assertThat(detail.getString("customer.platformUserId")).isEqualTo(post.author().platformUserId());
        assertThat(detail.getString("customer.handle")).isEqualTo("dana");
        assertThat(detail.getInt("priority")).isEqualTo(3);
        assertThat(detail.getString("assignee")).isNull();
        assertThat(postExternalIds(detail)).containsExactly(post.externalId());
        assertThat(detail.getString("posts[0].from")).isEqualTo("customer");

        List<ConsumerRecord<String, String>> first = TestEvents.awaitContaining(Topics.CASES, post.postId().toString(),
                CaseFixtures.TIMEOUT).stream().filter(CaseEventsConsumerTest::isCaseOpened).toList();
        assertThat(first).hasSize(1);
        // Give a wrongly repeated publication time to show up before counting again.
        List<ConsumerRecord<String, String>> records = caseOpenedFor(post, Duration.ofSeconds(2));
        assertThat(records).hasSize(1);
        ConsumerRecord<String, String> record = records.get(0);
        ContractCheck.assertConforms(record);
        assertThat(TestEvents.header(record, "ce_type")).contains(EventTypes.CASE_OPENED);
        assertThat(TestEvents.header(record, "ce_source")).contains("/outpost/case-service");
        assertThat(record.key()).isEqualTo(caseId);
        CaseOpened event = TestEvents.payload(record, CaseOpened.class);
        assertThat(event.caseId()).hasToString(caseId);
        assertThat(event.channel()).isEqualTo(Channel.X);
        assertThat(event.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(event.customer()).isEqualTo(post.author());
        assertThat(event.firstPostId()).isEqualTo(post.postId());
        assertThat(event.openedAt()).isEqualTo(T0).isNotEqualTo(post.receivedAt());
        assertThat(event.priority()).isEqualTo(3);
        assertThat(event.requiredSkills()).isEmpty();
        assertThat(event.language()).isNull();
    }

    @Test
    void repliesJoinTheCaseOfTheirConversationInPlatformTimeOrder() {
        PostIngested root = customerPost(Channel.FACEBOOK, T0);
        publish(root);
        String caseId = awaitCaseOpenedBy(root);

        // Published out of platform order: the case lists posts by the platform's time.
        PostIngested later = reply(root, T0.plusSeconds(600), false);
        PostIngested earlier = reply(root, T0.plusSeconds(300), false);
        // A reply to a reply, under a conversation key of its own: the reply chain wins.
        PostIngested chained = post(Channel.FACEBOOK, "t-" + UUID.randomUUID(), "facebook:elsewhere-" + UUID.randomUUID(),
                earlier.externalId(), T0.plusSeconds(900), false);
        publish(later);
        publish(earlier);
        // The chained reply travels under another key, so maybe on another partition, which
        // another consumer copy reads (posts concurrency 3): its parent must be filed first.
        awaitDetail(caseId, "two replies in case " + caseId, d -> d.getList("posts").size() == 3);
        publish(chained);

        JsonPath detail = awaitDetail(caseId, "three replies in case " + caseId, d -> d.getList("posts").size() == 4);
        assertThat(postExternalIds(detail))
                .containsExactly(root.externalId(), earlier.externalId(), later.externalId(), chained.externalId());
        assertThat(detail.getString("firstPostId")).isEqualTo(root.postId().toString());
        // A wrongly opened case would be in the outbox already (the posts are in): the relay is given
        // 2 s (it polls every second) to publish it before the topic is read.
        List<ConsumerRecord<String, String>> published = TestEvents.readUntil(Topics.CASES, rs -> false, Duration.ofSeconds(2));
        for (PostIngested joined : List.of(later, earlier, chained)) {
            assertThat(caseOpenedBy(joined.postId())).isEmpty();
            assertThat(published).noneMatch(r -> r.value().contains(joined.postId().toString()) && isCaseOpened(r));
        }
    }

    @Test
    void ourOwnRepliesJoinAsAgentRepliesAndNeverOpenACase() {
        PostIngested root = customerPost(Channel.INSTAGRAM, T0);
        publish(root);
        String caseId = awaitCaseOpenedBy(root);

        PostIngested echo = reply(root, T0.plusSeconds(60), true);
        publish(echo);
        JsonPath detail = awaitDetail(caseId, "echo in case " + caseId, d -> d.getList("posts").size() == 2);
        assertThat(detail.getString("posts[1].externalId")).isEqualTo(echo.externalId());
        assertThat(detail.getString("posts[1].from")).isEqualTo("agent");
        assertThat(detail.getString("posts[1].author.handle")).isEqualTo("acme_care");

        // An echo in a conversation without a case records nothing. A customer post of the same
        // conversation, published after it on the same partition, shows that it was processed.
        PostIngested lonelyEcho = post(Channel.INSTAGRAM, "t-" + UUID.randomUUID(), "instagram:c-" + UUID.randomUUID(),
                null, T0, true);
        publish(lonelyEcho);
        PostIngested follower = post(Channel.INSTAGRAM, "t-" + UUID.randomUUID(), lonelyEcho.conversationKey(), null,
                T0.plusSeconds(5), false);
        publish(follower);
        String followerCase = awaitCaseOpenedBy(follower);
        assertThat(postExternalIds(detail(followerCase))).containsExactly(follower.externalId());
        assertThat(caseOpenedBy(lonelyEcho.postId())).isEmpty();
        // Given the relay 2 s (it polls every second) to publish a wrongly opened case.
        assertThat(caseOpenedFor(lonelyEcho, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aRedeliveredPostChangesNothing() {
        PostIngested post = customerPost(Channel.MESSENGER, T0);
        String ceId = publish(post);
        String caseId = awaitCaseOpenedBy(post);

        // The same record again (same ce_id), and the same post again under a new ce_id (a producer retry).
        TestEvents.publishRaw(Topics.POSTS, post.conversationKey(), ceId, EventTypes.POST_INGESTED, TestEvents.json(post));
        publish(post);
        // Same key, same partition: once this reply is in, both repeats have been processed.
        PostIngested barrier = reply(post, T0.plusSeconds(1), false);
        publish(barrier);

        JsonPath detail = awaitDetail(caseId, "barrier in case " + caseId, d -> postExternalIds(d).contains(barrier.externalId()));
        assertThat(postExternalIds(detail)).containsExactly(post.externalId(), barrier.externalId());
        assertThat(caseOpenedFor(post, Duration.ofSeconds(2))).hasSize(1);
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheFlowContinues() {
        String key = "forum:poison-" + UUID.randomUUID();
        String marker = "garbage-" + UUID.randomUUID();
        TestEvents.publishRaw(Topics.POSTS, key, UUID.randomUUID().toString(), EventTypes.POST_INGESTED, "{\"" + marker + "\": ");
        // Valid JSON, but not a post: missing every required field.
        String emptyMarker = "empty-" + UUID.randomUUID();
        TestEvents.publishRaw(Topics.POSTS, key, UUID.randomUUID().toString(), EventTypes.POST_INGESTED,
                "{\"note\":\"" + emptyMarker + "\"}");
        PostIngested next = post(Channel.FORUM, "t-" + UUID.randomUUID(), key, null, T0, false);
        publish(next);

        assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.POSTS), marker, CaseFixtures.TIMEOUT)).hasSize(1);
        assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.POSTS), emptyMarker, CaseFixtures.TIMEOUT)).hasSize(1);
        String caseId = awaitCaseOpenedBy(next);
        assertThat(postExternalIds(detail(caseId))).containsExactly(next.externalId());
    }

    @Test
    void anAssignmentGivesTheCaseToTheAgentOnce() {
        PostIngested post = customerPost(Channel.EMAIL, T0);
        publish(post);
        String caseId = awaitCaseOpenedBy(post);

        UUID agentId = UUID.randomUUID();
        Instant assignedAt = Instant.parse("2026-11-01T08:01:00Z");
        AssignmentCreated assignment = new AssignmentCreated(UUID.randomUUID(), UUID.fromString(caseId), agentId,
                "Jo Kim", assignedAt, "skills match, most free capacity");
        String ceId = TestEvents.publish(Topics.ASSIGNMENTS, caseId, EventTypes.ASSIGNMENT_CREATED, assignment);

        JsonPath detail = awaitDetail(caseId, "assignee of " + caseId, d -> d.getString("assignee") != null);
        assertThat(detail.getString("status")).isEqualTo("open");
        assertThat(detail.getString("assignee.id")).isEqualTo(agentId.toString());
        assertThat(detail.getString("assignee.name")).isEqualTo("Jo Kim");
        assertThat(detail.getString("assignee.assignedAt")).isEqualTo("2026-11-01T08:01:00Z");

        // The same event id again, even with another agent in it, is a repeat: it changes nothing.
        AssignmentCreated tampered = new AssignmentCreated(UUID.randomUUID(), UUID.fromString(caseId), UUID.randomUUID(),
                "Someone Else", assignedAt.plusSeconds(60), "redelivery");
        TestEvents.publishRaw(Topics.ASSIGNMENTS, caseId, ceId, EventTypes.ASSIGNMENT_CREATED, TestEvents.json(tampered));
        // An assignment for an unknown case, on the same partition: dead-lettered, and proof that the repeat was processed.
        AssignmentCreated unknown = new AssignmentCreated(UUID.randomUUID(), UUID.randomUUID(), agentId, "Jo Kim",
                assignedAt, "case never existed");
        TestEvents.publish(Topics.ASSIGNMENTS, caseId, EventTypes.ASSIGNMENT_CREATED, unknown);
        assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.ASSIGNMENTS), unknown.assignmentId().toString(),
                CaseFixtures.TIMEOUT)).hasSize(1);

        JsonPath after = detail(caseId);
        assertThat(after.getString("assignee.id")).isEqualTo(agentId.toString());
        assertThat(after.getString("assignee.name")).isEqualTo("Jo Kim");
        assertThat(after.getString("status")).isEqualTo("open");
    }
}
