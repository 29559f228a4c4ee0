package io.outpost.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.events.PostIngested;
import io.outpost.contracts.Visibility;
import io.outpost.devstack.ChannelSandbox;
import io.outpost.devstack.PlatformEchoes;
import io.outpost.devstack.XRules;
import io.outpost.ingest.PostEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * devstack's sandbox echoes what an Instagram account sends (a DM, a reply to a comment) to this ingest's
 * {@code /webhooks/meta} as Meta does — object {@code instagram}, signed with the app secret — and ingest takes
 * each as a post of our own account, not a customer's.
 */
@QuarkusTest
class SandboxInstagramEchoesTest {

    /** One settle for the class's post counts: {@link PostEvents#settledOnce()}. */
    static final PostEvents.SettledOnce POSTS = PostEvents.settledOnce();

    @AfterAll
    static void settled() {
        POSTS.assertSettled();
    }

    static final String APP_SECRET = "test-meta-app-secret";
    static final String PAGE_TOKEN = "sandbox-echo-page-token";

    ChannelSandbox sandbox;
    PlatformEchoes echoes;
    String run;
    String instagramAccount;

    @BeforeEach
    void start() throws Exception {
        run = Long.toString(System.nanoTime());
        instagramAccount = "178414" + run;
        sandbox = ChannelSandbox.start(0, List.of(new ChannelSandbox.XAccount("1500" + run, "acme", "unused-x-token-" + run)), XRules.documented(), PAGE_TOKEN, APP_SECRET,
                "unused-forum-secret-0123456789abcdef");
        echoes = new PlatformEchoes(RestAssured.baseURI + ":" + RestAssured.port, "test-x-consumer-secret", APP_SECRET);
        sandbox.echoTo(echoes, "page-" + run);
        sandbox.linkInstagram(instagramAccount, "acme");
        sandbox.enforceMessagingWindow(false); // a made-up recipient; the window is MetaWindowDeliveryTest's
    }

    @AfterEach
    void stop() throws Exception {
        sandbox.close();
        echoes.close();
    }

    HttpResponse<String> send(String path, String json) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String proof = HexFormat.of().formatHex(mac.doFinal(PAGE_TOKEN.getBytes(StandardCharsets.UTF_8)));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path + "?appsecret_proof=" + proof))
                .header("Authorization", "Bearer " + PAGE_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anInstagramDmAndACommentReplyComeBackAsOurOwnAccountsPosts() throws Exception {
        String igsid = "igsid-" + run;
        sandbox.instagramUser(igsid);
        HttpResponse<String> dm = send("/v21.0/me/messages", """
                {"recipient":{"id":"%s"},"messaging_type":"RESPONSE","message":{"text":"What is the order number? dm-%s"}}"""
                .formatted(igsid, run));
        assertThat(dm.statusCode()).isEqualTo(200);
        String parent = "17865" + run;
        HttpResponse<String> reply = send("/v21.0/" + parent + "/replies", "{\"message\":\"@dana.k Yes, in 40 countries! reply-"
                + run + "\"}");
        assertThat(reply.statusCode()).isEqualTo(200);

        PostIngested dmEcho = PostEvents.byExternalId(POSTS.exactly("dm-" + run, 1),
                dm.body().replaceAll(".*\"message_id\":\"([^\"]+)\".*", "$1"));
        assertThat(dmEcho.channel()).isEqualTo(Channel.INSTAGRAM);
        assertThat(dmEcho.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(dmEcho.fromOwnAccount()).as("our DM's echo is ours, not the customer's").isTrue();
        assertThat(dmEcho.accountId()).isEqualTo(instagramAccount);
        assertThat(dmEcho.author().platformUserId()).isEqualTo(instagramAccount);

        PostIngested replyEcho = PostEvents.byExternalId(POSTS.exactly("reply-" + run, 1),
                reply.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
        assertThat(replyEcho.channel()).isEqualTo(Channel.INSTAGRAM);
        assertThat(replyEcho.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(replyEcho.fromOwnAccount()).isTrue();
        assertThat(replyEcho.inReplyToExternalId()).isEqualTo(parent);
        assertThat(replyEcho.author().handle()).isEqualTo("acme");
        assertThat(echoes.refused()).as("echoes ingest refused").isZero();
    }

}
