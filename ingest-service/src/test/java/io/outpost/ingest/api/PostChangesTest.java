package io.outpost.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.PostDeleted;
import io.outpost.contracts.events.PostEdited;
import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestEvents;
import io.outpost.ingest.PostEvents;
import io.outpost.ingest.WebhookSamples;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Deletes and edits reported by the platforms, downstream as post.deleted / post.edited. */
@QuarkusTest
class PostChangesTest {

    /** One settle for the class's post counts: {@link PostEvents#settledOnce()}. */
    static final PostEvents.SettledOnce POSTS = PostEvents.settledOnce();

    @AfterAll
    static void settled() {
        POSTS.assertSettled();
    }

    @Inject
    Pool db;

    @Test
    void aDeletedTweetIsMarkedDeletedAndPublishedOnceUnderItsConversationKey() {
        String run = WebhookSamples.newRun();
        String tweet = "1050118621198921728" + run;
        XWebhookResourceTest.deliverSigned(WebhookSamples.load("x/tweet-create.json", run)).statusCode(200).body("accepted", is(2));
        PostIngested ingested = PostEvents.byExternalId(POSTS.exactly(run, 2), tweet);

        XWebhookResourceTest.deliverSigned(WebhookSamples.load("x/tweet-delete.json", run))
                .statusCode(200).body("changed", is(1)).body("unchanged", is(0));
        // The platform redelivers: recognised, nothing published again.
        XWebhookResourceTest.deliverSigned(WebhookSamples.load("x/tweet-delete.json", run))
                .statusCode(200).body("changed", is(0)).body("unchanged", is(1));

        ConsumerRecord<String, String> record = POSTS.exactlyOfType(EventTypes.POST_DELETED, run, 1).get(0);
        assertThat(record.key()).isEqualTo(ingested.conversationKey());
        PostDeleted deleted = TestEvents.payload(record, PostDeleted.class);
        assertThat(deleted.postId()).isEqualTo(ingested.postId());
        assertThat(deleted.channel()).isEqualTo(Channel.X);
        assertThat(deleted.externalId()).isEqualTo(tweet);
        assertThat(deleted.deletedAt()).isEqualTo(Instant.ofEpochMilli(1539203000000L));
        assertThat(row("select deleted_at from post where channel = 'x' and external_id = $1", tweet)
                .getOffsetDateTime("deleted_at").toInstant()).isEqualTo(deleted.deletedAt());
    }

    @Test
    void aDeleteOfATweetNeverIngestedIsRecordedAndNotPublished() {
        String run = WebhookSamples.newRun();
        XWebhookResourceTest.deliverSigned(WebhookSamples.load("x/tweet-delete.json", run))
                .statusCode(200).body("changed", is(0)).body("unchanged", is(1));
        XWebhookResourceTest.deliverSigned(WebhookSamples.load("x/tweet-delete.json", run))
                .statusCode(200).body("changed", is(0)).body("unchanged", is(1));

        assertThat(row("select count(*) as n from unmatched_post_change where channel = 'x' and external_id = $1 and kind = 'deleted'",
                "1050118621198921728" + run).getLong("n")).isEqualTo(1);
        POSTS.exactlyOfType(EventTypes.POST_DELETED, run, 0);
    }

    @Test
    void anEditedCommentReplacesTheStoredTextAndIsPublishedOnce() {
        String run = WebhookSamples.newRun();
        String comment = "901_3001" + run;
        MetaWebhookResourceTest.deliverSigned(WebhookSamples.load("meta/page-feed.json", run)).statusCode(200).body("accepted", is(3));
        PostIngested ingested = PostEvents.byExternalId(POSTS.exactly(run, 3), comment);

        MetaWebhookResourceTest.deliverSigned(WebhookSamples.load("meta/page-feed-edited.json", run))
                .statusCode(200).body("accepted", is(0)).body("duplicates", is(1)).body("changed", is(1));
        MetaWebhookResourceTest.deliverSigned(WebhookSamples.load("meta/page-feed-edited.json", run))
                .statusCode(200).body("duplicates", is(1)).body("changed", is(0)).body("unchanged", is(1));

        ConsumerRecord<String, String> record = POSTS.exactlyOfType(EventTypes.POST_EDITED, run, 1).get(0);
        assertThat(record.key()).isEqualTo(ingested.conversationKey());
        PostEdited edited = TestEvents.payload(record, PostEdited.class);
        assertThat(edited.postId()).isEqualTo(ingested.postId());
        assertThat(edited.text()).isEqualTo("Same here, since Monday - fixed now " + run);
        assertThat(edited.editedAt()).isEqualTo(Instant.ofEpochSecond(1730449000));
        assertThat(row("select text from post where channel = 'facebook' and external_id = $1", comment).getString("text"))
                .isEqualTo(edited.text());
        // The edited text is enriched again: "fixed now" is the resolved rule (praise); the stored intent, which
        // surges count, follows the text, and the event carries the new enrichment.
        assertThat(ingested.enrichment().intent()).isNotEqualTo("praise");
        Row enriched = row("select intent, language, sentiment from post where channel = 'facebook' and external_id = $1", comment);
        assertThat(enriched.getString("intent")).isEqualTo("praise");
        assertThat(enriched.getDouble("sentiment")).isNotNull();
        assertThat(edited.enrichment()).isNotNull();
        assertThat(edited.enrichment().intent()).isEqualTo("praise");
    }

    private Row row(String sql, String parameter) {
        List<Row> rows = db.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(Duration.ofSeconds(10))
                .stream().toList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
