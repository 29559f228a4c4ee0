package io.outpost.cases.messaging;

import static io.outpost.cases.CaseFixtures.T0;
import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitDetail;
import static io.outpost.cases.CaseFixtures.caseOpenedBy;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.postExternalIds;
import static io.outpost.cases.CaseFixtures.publish;
import static io.outpost.cases.CaseFixtures.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.AssignmentCreated;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The posts and assignments channels take a poll at a time in one transaction (README "One transaction per
 * poll"). Each test writes its records of one key through a producer that lingers, so they reach the broker
 * as one batch and the consumer reads them in one poll; {@code outpost.inbox.events.together} shows that
 * a run of several events was processed together, so the first two fail without batch consumption. The
 * last two check the inbox's fallback for a poll whose transaction fails (one by one, only the bad record
 * dead-lettered), which records nothing together: they guard the guarantee, not the batching.
 */
@QuarkusTest
class BatchConsumptionTest {

    @Inject
    MeterRegistry meters;

    /** A record with CloudEvents headers, as TestEvents writes them; ceId null: none. */
    private record Rec(String key, String ceId, String type, String value) {
        static Rec post(PostIngested post) {
            return new Rec(post.conversationKey(), UUID.randomUUID().toString(), EventTypes.POST_INGESTED,
                    TestEvents.json(post));
        }
    }

    /** Events processed together in runs of more than one so far (sum of run sizes minus run count). */
    private double eventsBeyondOnePerRun() {
        DistributionSummary together = meters.find("outpost.inbox.events.together").summary();
        return together == null ? 0 : together.totalAmount() - together.count();
    }

    /** Sends the records in one producer batch per partition (devstack TestEvents.publishAllRaw), in order. */
    private static void publishTogether(String topic, List<Rec> records) {
        TestEvents.publishAllRaw(topic, records.stream().map(r -> new TestEvents.Raw(r.key(), r.ceId(), r.type(), r.value())).toList());
    }


    @Test
    void postsOfOneConversationInOnePollAreFiledInTheOrderRead() {
        double before = eventsBeyondOnePerRun();
        PostIngested root = customerPost(Channel.X, T0);
        List<PostIngested> replies = List.of(reply(root, T0.plusSeconds(1), false), reply(root, T0.plusSeconds(2), false),
                reply(root, T0.plusSeconds(3), false));
        List<Rec> records = new ArrayList<>(List.of(Rec.post(root)));
        replies.forEach(r -> records.add(Rec.post(r)));
        publishTogether(Topics.POSTS, records);

        // Had a reply been applied before the root, it would have opened a case of its own.
        String caseId = awaitCaseOpenedBy(root);
        PostIngested last = replies.get(2);
        JsonPath detail = awaitDetail(caseId, "the last reply in " + caseId, d -> postExternalIds(d).contains(last.externalId()));
        assertThat(postExternalIds(detail)).containsExactly(root.externalId(), replies.get(0).externalId(),
                replies.get(1).externalId(), last.externalId());
        replies.forEach(r -> assertThat(caseOpenedBy(r.postId())).as("no reply opened a case").isEmpty());
        // case.post-added follows the order the posts were applied in (one key: the case id).
        List<String> added = CaseFixtures.awaitEvents(Topics.CASES, EventTypes.CASE_POST_ADDED, caseId, 4,
                CaseFixtures.TIMEOUT).stream().map(r -> r.value()).toList();
        assertThat(added).hasSize(4);
        for (int i = 0; i < replies.size(); i++) {
            assertThat(added.get(i + 1)).contains(replies.get(i).postId().toString());
        }
        assertThat(eventsBeyondOnePerRun()).as("posts processed together").isGreaterThan(before);
    }

    @Test
    void aPollWithRepeatsOfProcessedEventsFilesOnlyTheNewPosts() {
        PostIngested post = customerPost(Channel.MESSENGER, T0);
        String ceId = publish(post);
        String caseId = awaitCaseOpenedBy(post);
        double before = eventsBeyondOnePerRun();

        PostIngested first = reply(post, T0.plusSeconds(1), false);
        PostIngested second = reply(post, T0.plusSeconds(2), false);
        Rec newFirst = Rec.post(first);
        publishTogether(Topics.POSTS, List.of(
                // The processed record again (same ce_id), then a new one, the same post under a new ce_id
                // (a producer retry), the new one again within the poll, and another new one.
                new Rec(post.conversationKey(), ceId, EventTypes.POST_INGESTED, TestEvents.json(post)),
                newFirst, Rec.post(post), newFirst, Rec.post(second)));

        JsonPath detail = awaitDetail(caseId, "the second reply in " + caseId,
                d -> postExternalIds(d).contains(second.externalId()));
        assertThat(postExternalIds(detail)).containsExactly(post.externalId(), first.externalId(), second.externalId());
        assertThat(CaseFixtures.awaitEvents(Topics.CASES, EventTypes.CASE_OPENED, post.postId().toString(), 2,
                java.time.Duration.ofSeconds(2))).as("one case.opened").hasSize(1);
        assertThat(eventsBeyondOnePerRun()).as("posts processed together").isGreaterThan(before);
    }

    @Test
    void aPoisonRecordInTheMiddleOfAPollIsDeadLetteredWithoutItsNeighbours() {
        PostIngested root = customerPost(Channel.FORUM, T0);
        PostIngested after = reply(root, T0.plusSeconds(2), false);
        String marker = "poison-" + UUID.randomUUID();
        String garbage = "garbage-" + UUID.randomUUID();
        String key = root.conversationKey();
        publishTogether(Topics.POSTS, List.of(Rec.post(root),
                // Valid JSON, not a post: read by the inbox, rejected by filing (the run's transaction fails).
                new Rec(key, UUID.randomUUID().toString(), EventTypes.POST_INGESTED, "{\"note\":\"" + marker + "\"}"),
                // Not JSON: dead-lettered before the run.
                new Rec(key, UUID.randomUUID().toString(), EventTypes.POST_INGESTED, "{\"" + garbage + "\": "),
                Rec.post(reply(root, T0.plusSeconds(1), false)), Rec.post(after)));

        assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.POSTS), marker, CaseFixtures.TIMEOUT)).hasSize(1);
        assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.POSTS), garbage, CaseFixtures.TIMEOUT)).hasSize(1);
        String caseId = awaitCaseOpenedBy(root);
        JsonPath detail = awaitDetail(caseId, "the last reply in " + caseId, d -> postExternalIds(d).contains(after.externalId()));
        assertThat(postExternalIds(detail)).hasSize(3).startsWith(root.externalId()).endsWith(after.externalId());
    }

    @Test
    void aPollOfAssignmentsAssignsEachCaseAndDeadLettersTheOneForAnUnknownCase() {
        String one = awaitCaseOpenedBy(publishedPost());
        String two = awaitCaseOpenedBy(publishedPost());
        UUID agent = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-01T08:01:00Z");
        AssignmentCreated first = new AssignmentCreated(UUID.randomUUID(), UUID.fromString(one), agent, "Jo Kim", at, "batch");
        AssignmentCreated unknown = new AssignmentCreated(UUID.randomUUID(), UUID.randomUUID(), agent, "Jo Kim", at, "none");
        AssignmentCreated second = new AssignmentCreated(UUID.randomUUID(), UUID.fromString(two), agent, "Jo Kim", at, "batch");
        // One key, so one partition and one poll (routing keys them by case id; the handler does not care).
        String key = "batch-" + UUID.randomUUID();
        publishTogether(Topics.ASSIGNMENTS, List.of(
                new Rec(key, UUID.randomUUID().toString(), EventTypes.ASSIGNMENT_CREATED, TestEvents.json(first)),
                new Rec(key, UUID.randomUUID().toString(), EventTypes.ASSIGNMENT_CREATED, TestEvents.json(unknown)),
                new Rec(key, UUID.randomUUID().toString(), EventTypes.ASSIGNMENT_CREATED, TestEvents.json(second))));

        assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.ASSIGNMENTS), unknown.assignmentId().toString(),
                CaseFixtures.TIMEOUT)).hasSize(1);
        for (String caseId : List.of(one, two)) {
            JsonPath detail = awaitDetail(caseId, "assignee of " + caseId, d -> d.getString("assignee") != null);
            assertThat(detail.getString("status")).isEqualTo("open");
            assertThat(detail.getString("assignee.id")).isEqualTo(agent.toString());
        }
    }

    private static PostIngested publishedPost() {
        PostIngested post = customerPost(Channel.EMAIL, T0);
        publish(post);
        return post;
    }
}
