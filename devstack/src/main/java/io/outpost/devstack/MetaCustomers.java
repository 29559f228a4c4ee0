package io.outpost.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The customer side of the sandbox's Meta: a customer writes to one of our Facebook pages or Instagram accounts (a
 * Messenger or Instagram DM, a comment), the sandbox notes when ({@link MetaWindows}: the 24-hour window, the Human
 * Agent tag's 7 days, the Private Reply's 7 days and one reply per comment all count from it) and delivers it to
 * ingest-service's {@code POST /webhooks/meta} exactly as Meta does: the Graph API webhook body (object {@code page}
 * with {@code messaging[]} or a {@code feed} change; object {@code instagram} with {@code messaging[]} or a
 * {@code comments} change), signed {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body with the app
 * secret>} (Graph API "Webhooks", <i>Validate payloads</i>).
 *
 * <p>Unlike an echo, a customer's message is delivered at once, on the caller's thread, and a refusal by ingest is an
 * {@link IllegalStateException}: a test that has a customer write must know the message arrived. Times come from the
 * sandbox's clock ({@link XRules#clock()}), so a test moves it on instead of waiting 24 hours.
 */
public final class MetaCustomers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String appSecret;
    private final InstantSource clock;
    private final MetaWindows windows;
    private final AtomicLong ids;
    /** Tells the sandbox an id is Instagram-scoped (its Send API messages are then Instagram DMs). */
    private final Consumer<String> instagramUser;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile URI ingest;

    MetaCustomers(String appSecret, InstantSource clock, MetaWindows windows, AtomicLong ids, Consumer<String> instagramUser) {
        this.appSecret = appSecret;
        this.clock = clock;
        this.windows = windows;
        this.ids = ids;
        this.instagramUser = instagramUser;
    }

    /** Where customers' messages go: ingest-service's base URL (its {@code /webhooks/meta}). */
    public void deliverTo(String ingestUrl) {
        this.ingest = URI.create(ingestUrl.endsWith("/") ? ingestUrl : ingestUrl + "/");
    }

    /**
     * The person {@code psid} (page-scoped id) sends {@code text} to the page {@code pageId} in Messenger: from now on
     * the page may answer them for 24 hours ({@code RESPONSE}), with the Human Agent tag for 7 days.
     *
     * @return the message's {@code mid}
     */
    public String messenger(String pageId, String psid, String text) {
        return message("page", pageId, psid, text);
    }

    /** The same on Instagram: {@code igsid} (Instagram-scoped id) DMs our Instagram account {@code accountId}. */
    public String instagramDm(String accountId, String igsid, String text) {
        instagramUser.accept(igsid);
        return message("instagram", accountId, igsid, text);
    }

    /**
     * The person {@code userId} comments {@code text} on the page's post {@code postId} (a {@code feed} change, item
     * {@code comment}, verb {@code add}): the page may send one Private Reply to it within 7 days. Opens no window.
     *
     * @return the comment's id, {@code <postId>_<n>} as Graph API forms comment ids
     */
    public String facebookComment(String pageId, String postId, String userId, String name, String text) {
        Instant at = clock.instant();
        String commentId = postId + "_" + ids.incrementAndGet();
        windows.commented(pageId, commentId, at);
        ObjectNode value = JSON.createObjectNode().put("item", "comment").put("verb", "add").put("comment_id", commentId)
                .put("post_id", postId).put("parent_id", postId).put("message", text).put("created_time", at.getEpochSecond());
        value.putObject("from").put("id", userId).put("name", name);
        ObjectNode change = JSON.createObjectNode().put("field", "feed");
        change.set("value", value);
        deliver("page", pageId, at, entry -> entry.putArray("changes").add(change));
        return commentId;
    }

    /**
     * {@code igsid} comments {@code text} on our Instagram account's media {@code mediaId} (a {@code comments} change;
     * Instagram's has no time of its own, the entry's is when it happened): one Private Reply within 7 days.
     *
     * @return the comment's id
     */
    public String instagramComment(String accountId, String mediaId, String igsid, String username, String text) {
        Instant at = clock.instant();
        String commentId = Long.toString(ids.incrementAndGet());
        windows.commented(accountId, commentId, at);
        instagramUser.accept(igsid);
        ObjectNode value = JSON.createObjectNode();
        value.putObject("from").put("id", igsid).put("username", username);
        value.putObject("media").put("id", mediaId);
        value.put("id", commentId).put("text", text);
        ObjectNode change = JSON.createObjectNode().put("field", "comments");
        change.set("value", value);
        deliver("instagram", accountId, at, entry -> entry.putArray("changes").add(change));
        return commentId;
    }

    private String message(String object, String accountId, String userId, String text) {
        Objects.requireNonNull(text, "text");
        Instant at = clock.instant();
        String mid = "m_customer_" + ids.incrementAndGet();
        windows.messaged(accountId, userId, at);
        ObjectNode messaging = JSON.createObjectNode().put("timestamp", at.toEpochMilli());
        messaging.putObject("sender").put("id", userId);
        messaging.putObject("recipient").put("id", accountId);
        messaging.putObject("message").put("mid", mid).put("text", text);
        deliver(object, accountId, at, entry -> entry.putArray("messaging").add(messaging));
        return mid;
    }

    private void deliver(String object, String entryId, Instant at, Consumer<ObjectNode> fill) {
        URI to = ingest;
        if (to == null) {
            throw new IllegalStateException("the sandbox does not know where ingest-service is: call"
                    + " sandbox.metaCustomers().deliverTo(ingestUrl) first");
        }
        ObjectNode body = JSON.createObjectNode().put("object", object);
        ObjectNode entry = body.putArray("entry").addObject().put("id", entryId).put("time", at.toEpochMilli());
        fill.accept(entry);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(to.resolve("webhooks/meta"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .header("X-Hub-Signature-256", Signatures.metaSignature(appSecret, bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("ingest-service refused the customer's " + object + " message: HTTP "
                        + answer.statusCode() + " " + answer.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("the customer's message did not reach ingest-service: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering the customer's message", e);
        }
    }
}
