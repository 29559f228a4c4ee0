package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.ingest.WebhookSamples;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetaWebhookTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String RUN = "42";
    static final String PAGE = "1067280970047460" + RUN;

    static WebhookBatch sample(String name) throws Exception {
        return MetaWebhook.normalize(MAPPER.readTree(WebhookSamples.load("meta/" + name, RUN)));
    }

    static WebhookBatch json(String json) throws Exception {
        return MetaWebhook.normalize(MAPPER.readTree(json));
    }

    @Test
    void pageFeedPostsAndCommentsBecomePostsThreadedByParent() throws Exception {
        WebhookBatch batch = sample("page-feed.json");

        assertThat(batch.posts()).hasSize(3);
        IncomingPost status = batch.posts().get(0);
        assertThat(status.channel()).isEqualTo(Channel.FACEBOOK);
        assertThat(status.externalId()).isEqualTo(PAGE + "_901");
        assertThat(status.authorPlatformId()).isEqualTo("24170098162" + RUN);
        assertThat(status.authorDisplayName()).isEqualTo("Dana Kim");
        assertThat(status.text()).startsWith("My router keeps dropping");
        assertThat(status.createdAt()).isEqualTo(Instant.ofEpochSecond(1730448000));
        assertThat(status.inReplyToExternalId()).isNull();
        assertThat(status.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(status.fromOwnAccount()).isFalse();

        IncomingPost comment = batch.posts().get(1);
        assertThat(comment.externalId()).isEqualTo("901_3001" + RUN);
        assertThat(comment.inReplyToExternalId()).isEqualTo(PAGE + "_901");
        assertThat(comment.createdAt()).isEqualTo(Instant.ofEpochSecond(1730448060));

        IncomingPost ours = batch.posts().get(2);
        assertThat(ours.inReplyToExternalId()).isEqualTo("901_3001" + RUN);
        assertThat(ours.fromOwnAccount()).as("written by the page the entry is for").isTrue();
        assertThat(batch.posts()).extracting(IncomingPost::receivedOn).as("the page the entry is for: the posts' region is its")
                .containsOnly(PAGE);
        assertThat(batch.posts()).extracting(IncomingPost::authorProfile).as("Meta's from has no profile").containsOnlyNulls();

        assertThat(batch.skipped()).singleElement().satisfies(s -> assertThat(s).contains("reaction"));
        assertThat(batch.changes()).as("the removed comment, at the entry's time")
                .containsExactly(PostChange.deleted(Channel.FACEBOOK, "901_3000" + RUN, Instant.ofEpochSecond(1730448120)));
    }

    @Test
    void anEditedFeedItemIsIngestedWhenNewAndIsAnEditOfTheStoredPost() throws Exception {
        WebhookBatch batch = sample("page-feed-edited.json");

        assertThat(batch.posts()).singleElement().satisfies(p -> {
            assertThat(p.externalId()).isEqualTo("901_3001" + RUN);
            assertThat(p.text()).isEqualTo("Same here, since Monday - fixed now {{run}}".replace("{{run}}", RUN));
        });
        assertThat(batch.changes()).containsExactly(PostChange.edited(Channel.FACEBOOK, "901_3001" + RUN,
                "Same here, since Monday - fixed now " + RUN, Instant.ofEpochSecond(1730449000)));
    }

    @Test
    void messengerMessagesArePrivateThreadedByTheirPairAndEchoesAreOurs() throws Exception {
        WebhookBatch batch = sample("messenger.json");

        assertThat(batch.posts()).hasSize(2);
        IncomingPost customer = batch.posts().get(0);
        IncomingPost echo = batch.posts().get(1);
        assertThat(customer.channel()).isEqualTo(Channel.MESSENGER);
        assertThat(customer.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(customer.authorPlatformId()).isEqualTo("6789012345" + RUN);
        assertThat(customer.createdAt()).isEqualTo(Instant.ofEpochMilli(1730448299123L));
        assertThat(customer.fromOwnAccount()).isFalse();
        assertThat(echo.fromOwnAccount()).isTrue();
        assertThat(echo.authorPlatformId()).isEqualTo(PAGE);
        assertThat(customer.receivedOn()).isEqualTo(PAGE);
        assertThat(customer.threadId()).isNotBlank().isEqualTo(echo.threadId());
        assertThat(batch.skipped()).singleElement().satisfies(s -> assertThat(s).contains("without a message"));
    }

    @Test
    void instagramCommentsAnswerTheirMediaOrParentAndTakeTheEntryTime() throws Exception {
        WebhookBatch batch = sample("instagram-comments.json");

        assertThat(batch.posts()).hasSize(2);
        IncomingPost comment = batch.posts().get(0);
        assertThat(comment.channel()).isEqualTo(Channel.INSTAGRAM);
        assertThat(comment.authorHandle()).isEqualTo("dana.k");
        assertThat(comment.inReplyToExternalId()).isEqualTo("17918195224117851" + RUN);
        assertThat(comment.createdAt()).isEqualTo(Instant.ofEpochSecond(1730448500));
        assertThat(comment.fromOwnAccount()).isFalse();
        IncomingPost reply = batch.posts().get(1);
        assertThat(reply.inReplyToExternalId()).isEqualTo("17865799348089039" + RUN);
        assertThat(reply.fromOwnAccount()).isTrue();
        assertThat(batch.skipped()).singleElement().satisfies(s -> assertThat(s).contains("mentions"));
    }

    @Test
    void instagramMessagesArePrivateOnInstagram() throws Exception {
        WebhookBatch batch = sample("instagram-messages.json");

        assertThat(batch.posts()).extracting(IncomingPost::channel).containsOnly(Channel.INSTAGRAM);
        assertThat(batch.posts()).extracting(IncomingPost::visibility).containsOnly(Visibility.PRIVATE);
        assertThat(batch.posts()).extracting(IncomingPost::fromOwnAccount).containsExactly(false, true);
        assertThat(batch.posts().get(0).threadId()).isEqualTo(batch.posts().get(1).threadId());
    }

    @Test
    void unknownObjectsAndFieldsAreSkippedNotRefused() throws Exception {
        assertThat(sample("unknown-object.json").posts()).isEmpty();
        assertThat(sample("unknown-object.json").skipped()).singleElement().satisfies(s -> assertThat(s).contains("user"));
        assertThat(sample("page-unknown-field.json").posts()).isEmpty();
        assertThat(sample("page-unknown-field.json").skipped()).singleElement().satisfies(s -> assertThat(s).contains("ratings"));
        assertThat(json("{\"object\":\"page\",\"entry\":[]}").posts()).isEmpty();
    }

    @Test
    void anEditedPostIsIngestedLikeANewOneAndAnIsoCreatedTimeIsRead() throws Exception {
        WebhookBatch batch = json("""
                {"object":"page","entry":[{"id":"1","time":1,"changes":[{"field":"feed","value":
                 {"from":{"id":"2"},"item":"post","verb":"edited","post_id":"1_5","message":"edited",
                  "created_time":"2018-03-06T23:59:21+0000"}}]}]}""");
        assertThat(batch.posts()).singleElement().satisfies(p -> {
            assertThat(p.externalId()).isEqualTo("1_5");
            assertThat(p.createdAt()).isEqualTo(Instant.parse("2018-03-06T23:59:21Z"));
        });
    }

    @Test
    void aDeliveryThatIsNotMetasShapeIsMalformed() {
        assertThatThrownBy(() -> json("[]")).isInstanceOf(MalformedWebhookException.class);
        assertThatThrownBy(() -> json("{\"entry\":[]}")).hasMessageContaining("object");
        assertThatThrownBy(() -> json("{\"object\":\"page\",\"entry\":{}}")).hasMessageContaining("entry");
        assertThatThrownBy(() -> json("{\"object\":\"page\",\"entry\":[{\"time\":1}]}")).hasMessageContaining("entry[0].id");
        assertThatThrownBy(() -> json("""
                {"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":
                 {"from":{"id":"2"},"item":"comment","verb":"add","created_time":1}}]}]}"""))
                .hasMessageContaining("entry[0].changes[0].value.comment_id");
        assertThatThrownBy(() -> json("""
                {"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},
                 "timestamp":"soon","message":{"mid":"m1","text":"hi"}}]}]}"""))
                .hasMessageContaining("timestamp");
        assertThatThrownBy(() -> json("""
                {"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},
                 "timestamp":1,"message":{"mid":"m1","text":"%s"}}]}]}""".formatted("a".repeat(65_537))))
                .hasMessageContaining("longer than");
    }
}
