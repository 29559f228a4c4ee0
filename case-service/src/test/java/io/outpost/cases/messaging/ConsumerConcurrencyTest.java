package io.outpost.cases.messaging;

import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.post;
import static io.outpost.cases.CaseFixtures.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestEvents;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The posts channel runs three consumer copies (one per partition). Posts of different
 * conversation keys may then write the same case row at the same time: here, replies that each
 * carry a conversation key of their own but answer one post, so threading files them all into
 * its case. The case row is versioned; the loser of a race fails with an optimistic-lock
 * exception, which the inbox retries as transient, so every reply is filed exactly once and none
 * reaches the dead-letter topic.
 */
@QuarkusTest
class ConsumerConcurrencyTest {

    @Test
    void theConsumerRunsThreeCopiesOfThePostsAndAssignmentsChannels() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("mp.messaging.incoming.posts.concurrency", Integer.class)).isEqualTo(3);
        assertThat(config.getValue("mp.messaging.incoming.assignments.concurrency", Integer.class)).isEqualTo(3);
    }

    @Test
    void repliesOfManyConversationsToOneCaseRacingAcrossPartitionsAreAllFiledOnce() {
        PostIngested root = customerPost(Channel.FACEBOOK, CaseFixtures.T0);
        publish(root);
        String caseId = awaitCaseOpenedBy(root);

        List<PostIngested> replies = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // A key of its own per reply: spread over the three partitions, hence the three consumers.
            replies.add(post(Channel.FACEBOOK, "race-" + UUID.randomUUID(), "facebook:race-" + UUID.randomUUID(),
                    root.externalId(), CaseFixtures.T0.plusSeconds(i + 1), false));
        }
        assertThat(new HashSet<>(replies.stream().map(r -> partitionOf(r.conversationKey())).toList()))
                .as("the replies reach more than one partition").hasSizeGreaterThan(1);
        replies.forEach(CaseFixtures::publish);

        var detail = io.outpost.devstack.Poll.until("31 posts in case " + caseId, Duration.ofSeconds(60),
                () -> CaseFixtures.detail(caseId), d -> d.getList("posts").size() >= 31);
        List<String> filed = CaseFixtures.postExternalIds(detail);
        assertThat(filed).hasSize(31).doesNotHaveDuplicates()
                .containsAll(replies.stream().map(PostIngested::externalId).toList());
        for (PostIngested reply : replies) {
            assertThat(CaseFixtures.caseOpenedBy(reply.postId())).as("no reply opened a case").isEmpty();
        }
        assertThat(TestEvents.awaitContaining(Topics.dlq(Topics.POSTS), "race-", Duration.ofSeconds(2)))
                .as("no reply dead-lettered").isEmpty();
    }

    /** Kafka's default partitioner for a keyed record: murmur2 of the key bytes, modulo the partitions. */
    private static int partitionOf(String key) {
        byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(bytes))
                % io.outpost.devstack.Devstack.TOPIC_PARTITIONS;
    }
}
