package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.ingest.WebhookSamples;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class XWebhookTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String RUN = "42";
    static final String US = "2244994945" + RUN;

    static WebhookBatch sample(String name) throws Exception {
        return XWebhook.normalize(MAPPER.readTree(WebhookSamples.load("x/" + name, RUN)));
    }

    static WebhookBatch json(String json) throws Exception {
        return XWebhook.normalize(MAPPER.readTree(json));
    }

    @Test
    void tweetsKeepTheirFullTextTimeAndThreadAndOursAreMarked() throws Exception {
        WebhookBatch batch = sample("tweet-create.json");

        assertThat(batch.posts()).hasSize(2);
        IncomingPost customer = batch.posts().get(0);
        assertThat(customer.channel()).isEqualTo(Channel.X);
        assertThat(customer.externalId()).isEqualTo("1050118621198921728" + RUN);
        assertThat(customer.text()).endsWith("customer for ten years " + RUN);
        assertThat(customer.createdAt()).isEqualTo(Instant.parse("2018-10-10T20:19:24Z"));
        assertThat(customer.authorPlatformId()).isEqualTo("6253282" + RUN);
        assertThat(customer.authorHandle()).isEqualTo("danakim");
        assertThat(customer.authorDisplayName()).isEqualTo("Dana Kim");
        assertThat(customer.inReplyToExternalId()).isNull();
        assertThat(customer.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(customer.fromOwnAccount()).isFalse();

        IncomingPost reply = batch.posts().get(1);
        assertThat(reply.inReplyToExternalId()).isEqualTo(customer.externalId());
        assertThat(reply.fromOwnAccount()).as("written by for_user_id").isTrue();
        assertThat(batch.skipped()).singleElement().satisfies(s -> assertThat(s).contains("retweet"));
    }

    @Test
    void directMessagesArePrivateInOneThreadPerPairNamedFromTheUsersMap() throws Exception {
        WebhookBatch batch = sample("direct-message.json");

        assertThat(batch.posts()).hasSize(2);
        IncomingPost customer = batch.posts().get(0);
        IncomingPost ours = batch.posts().get(1);
        assertThat(customer.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(customer.createdAt()).isEqualTo(Instant.ofEpochMilli(1516403560557L));
        assertThat(customer.authorHandle()).isEqualTo("furiouscamper");
        assertThat(customer.authorDisplayName()).isEqualTo("Jordan Brinks");
        assertThat(customer.fromOwnAccount()).isFalse();
        assertThat(ours.fromOwnAccount()).isTrue();
        assertThat(customer.threadId()).isEqualTo(ours.threadId()).isEqualTo("2244994945" + RUN + "-3001969357" + RUN);
    }

    @Test
    void deletesAreChangesAndOtherEventsAreSkipped() throws Exception {
        WebhookBatch deletes = sample("tweet-delete.json");
        assertThat(deletes.posts()).isEmpty();
        assertThat(deletes.skipped()).isEmpty();
        assertThat(deletes.changes()).containsExactly(
                PostChange.deleted(Channel.X, "1050118621198921728" + RUN, Instant.ofEpochMilli(1539203000000L)));
        WebhookBatch other = sample("favorite-events.json");
        assertThat(other.posts()).isEmpty();
        assertThat(other.skipped()).hasSize(2);
        assertThat(json("{\"for_user_id\":\"1\",\"direct_message_events\":[{\"type\":\"message_reaction\",\"id\":\"9\"}]}").skipped())
                .singleElement().satisfies(s -> assertThat(s).contains("message_reaction"));
    }

    @Test
    void aDeliveryThatIsNotXsShapeIsMalformed() {
        assertThatThrownBy(() -> json("\"text\"")).isInstanceOf(MalformedWebhookException.class);
        assertThatThrownBy(() -> json("{\"tweet_create_events\":{}}")).hasMessageContaining("tweet_create_events");
        assertThatThrownBy(() -> json("{\"tweet_create_events\":[{\"id_str\":\"1\",\"text\":\"hi\",\"user\":{\"id_str\":\"2\"},"
                + "\"created_at\":\"yesterday\"}]}")).hasMessageContaining("created_at");
        assertThatThrownBy(() -> json("{\"tweet_create_events\":[{\"text\":\"hi\"}]}")).hasMessageContaining("id_str");
        // PostgreSQL cannot store U+0000: the delivery is refused before anything is written.
        assertThatThrownBy(() -> json("{\"tweet_create_events\":[{\"id_str\":\"1\",\"text\":\"a\\u0000b\",\"user\":{\"id_str\":\"2\"},"
                + "\"created_at\":\"Wed Oct 10 20:19:24 +0000 2018\"}]}")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> json("{\"direct_message_events\":[{\"type\":\"message_create\",\"id\":\"1\","
                + "\"created_timestamp\":\"1\",\"message_create\":{\"sender_id\":\"2\"}}]}")).hasMessageContaining("target");
    }
}
