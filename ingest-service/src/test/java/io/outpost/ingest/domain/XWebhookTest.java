package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
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
        assertThat(batch.posts()).extracting(IncomingPost::receivedOn).as("for_user_id: the posts' region is its").containsOnly(US);
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
    void aTweetsAuthorProfileComesFromItsUserObject() throws Exception {
        WebhookBatch batch = sample("tweet-create.json");

        assertThat(batch.posts().get(0).authorProfile()).isEqualTo(new PostIngested.Profile("Leeds, UK",
                "Trains, coffee and the occasional complaint. Views my own.",
                "https://dana.example.org", // the link typed by the author, not X's t.co wrapper
                Instant.parse("2007-05-23T06:01:13Z"), 212, false));
        // Our account: an empty location and a null url are left out.
        assertThat(batch.posts().get(1).authorProfile()).isEqualTo(new PostIngested.Profile(null,
                "We're here to help, 24/7. ^initials = the person answering you.", null,
                Instant.parse("2013-12-02T17:30:00Z"), 1048576, true));
    }

    @Test
    void aDirectMessagesAuthorProfileComesFromTheUsersMap() throws Exception {
        WebhookBatch batch = sample("direct-message.json");

        assertThat(batch.posts().get(0).authorProfile()).isEqualTo(new PostIngested.Profile("Boulder, CO",
                "Alter Ego - Twitter PE opinions-are-my-own", "https://t.co/SnxaA15ZuY",
                Instant.ofEpochMilli(1422556069340L), 22, false));
        // A sender missing from the users map has no profile (and the message is still ingested).
        WebhookBatch unnamed = json("{\"direct_message_events\":[{\"type\":\"message_create\",\"id\":\"1\","
                + "\"created_timestamp\":\"1516403560557\",\"message_create\":{\"sender_id\":\"2\","
                + "\"target\":{\"recipient_id\":\"3\"},\"message_data\":{\"text\":\"hi\"}}}]}");
        assertThat(unnamed.posts()).singleElement().satisfies(p -> assertThat(p.authorProfile()).isNull());
    }

    @Test
    void aProfileFieldThatIsBlankUnparseableOrTooLongIsLeftOutNeverRefused() throws Exception {
        String tooLong = "x".repeat(513);
        WebhookBatch batch = json(tweetBy("""
                {"id_str":"2","screen_name":"odd","location":"%s","description":"   ","url":17,
                 "created_at":"last Tuesday","followers_count":-3,"verified":"yes"}""".formatted(tooLong)));
        assertThat(batch.posts()).singleElement().satisfies(p -> assertThat(p.authorProfile())
                .as("nothing usable: no profile at all").isNull());

        WebhookBatch partly = json(tweetBy("""
                {"id_str":"2","location":" Bristol ","description":"%s","followers_count":12345678901,
                 "created_at":"Wed Oct 10 20:19:24 +0000 2018","verified":null,"url":"a\\u0000b"}"""
                .formatted("d".repeat(2049))));
        assertThat(partly.posts().get(0).authorProfile()).isEqualTo(new PostIngested.Profile("Bristol", null, null,
                Instant.parse("2018-10-10T20:19:24Z"), null, null));

        WebhookBatch bare = json(tweetBy("{\"id_str\":\"2\",\"screen_name\":\"bare\"}"));
        assertThat(bare.posts().get(0).authorProfile()).isNull();
        assertThat(bare.posts().get(0).authorHandle()).isEqualTo("bare");
    }

    private static String tweetBy(String user) {
        return "{\"tweet_create_events\":[{\"id_str\":\"1\",\"text\":\"hi\",\"created_at\":\"Wed Oct 10 20:19:24 +0000 2018\","
                + "\"user\":" + user + "}]}";
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
