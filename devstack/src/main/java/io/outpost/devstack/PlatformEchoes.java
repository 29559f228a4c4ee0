package io.outpost.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The echoes of what the sandbox accepted, delivered back to ingest-service's webhooks, signed, as the
 * platforms deliver them (issue 17, item 1: "they deliver the echoes of what they accepted back to
 * ingest's webhooks, signed, as the platforms do"):
 *
 * <ul>
 *   <li>X, Account Activity API: a tweet the subscribed account posts arrives as its own
 *       {@code tweet_create_events} entry, a DM it sends as a {@code direct_message_events} entry whose
 *       {@code sender_id} is the account; signed {@code x-twitter-webhooks-signature: sha256=<base64
 *       HMAC-SHA256 of the body with the consumer secret>}.</li>
 *   <li>Messenger Platform, "message_echoes": a message the page sends comes back with
 *       {@code message.is_echo: true}, sender the page; Graph API page "feed" webhooks deliver the page's
 *       own comments; signed {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 with the app secret>}.</li>
 *   <li>Instagram (Instagram Platform, "Webhooks"; Messenger Platform, "Instagram Messaging" echoes): object
 *       {@code instagram}, entry id our Instagram professional account; a DM it sends comes back in
 *       {@code messaging[]} with {@code message.is_echo: true}, sender the account; a reply to a comment comes
 *       back as a {@code comments} field change whose {@code from} is the account and {@code parent_id} the
 *       comment answered. Signed as Meta signs every webhook ({@code X-Hub-Signature-256}).</li>
 * </ul>
 * One HMAC serves every signature ({@link Signatures}).
 *
 * Echoes go out one at a time on a thread of their own, shortly after the send was answered (the platform
 * answers the send first), so a send is never held up by its echo. An echo ingest refuses is counted in
 * {@link #refused()}, never retried (X and Meta retry; the sandbox's job is to show that echoes are
 * confirmations, and a refused echo is a defect to see, not to hide).
 */
public final class PlatformEchoes implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter X_CREATED_AT = DateTimeFormatter
            .ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final URI ingest;
    private final String xConsumerSecret;
    private final String metaAppSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sandbox-echoes");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param ingestUrl       ingest-service's base URL (its {@code /webhooks/x} and {@code /webhooks/meta})
     * @param xConsumerSecret the X app's consumer secret ingest checks X's signature with
     * @param metaAppSecret   the Meta app secret ingest checks Meta's signature with
     */
    public PlatformEchoes(String ingestUrl, String xConsumerSecret, String metaAppSecret) {
        this.ingest = URI.create(ingestUrl.endsWith("/") ? ingestUrl : ingestUrl + "/");
        this.xConsumerSecret = xConsumerSecret;
        this.metaAppSecret = metaAppSecret;
    }

    /** Echoes ingest acknowledged (HTTP 200). */
    public long delivered() {
        return delivered.get();
    }

    /** Echoes ingest refused or did not answer. */
    public long refused() {
        return refused.get();
    }

    /** Our tweet (a reply, or a post when {@code inReplyTo} is null), as the account's own tweet_create_events entry. */
    public void tweet(String accountId, String handle, String tweetId, String text, String inReplyTo, Instant at) {
        ObjectNode user = JSON.createObjectNode().put("id_str", accountId).put("screen_name", handle).put("name", handle);
        ObjectNode tweet = JSON.createObjectNode().put("id_str", tweetId).put("text", text)
                .put("created_at", X_CREATED_AT.format(at)).put("in_reply_to_status_id_str", inReplyTo);
        tweet.set("user", user);
        ObjectNode body = JSON.createObjectNode().put("for_user_id", accountId);
        body.putArray("tweet_create_events").add(tweet);
        deliverX(body);
    }

    /** Our DM, as a direct_message_events entry sent by the account. */
    public void xDirectMessage(String accountId, String recipientId, String eventId, String text, Instant at) {
        ObjectNode event = JSON.createObjectNode().put("type", "message_create").put("id", eventId)
                .put("created_timestamp", Long.toString(at.toEpochMilli()));
        ObjectNode create = event.putObject("message_create");
        create.putObject("target").put("recipient_id", recipientId);
        create.put("sender_id", accountId);
        create.putObject("message_data").put("text", text);
        ObjectNode body = JSON.createObjectNode().put("for_user_id", accountId);
        body.putArray("direct_message_events").add(event);
        deliverX(body);
    }

    /** The page's message, as Messenger's message echo ({@code is_echo}). */
    public void messengerEcho(String pageId, String recipientId, String mid, String text, Instant at) {
        ObjectNode messaging = JSON.createObjectNode().put("timestamp", at.toEpochMilli());
        messaging.putObject("sender").put("id", pageId);
        messaging.putObject("recipient").put("id", recipientId);
        messaging.putObject("message").put("mid", mid).put("text", text).put("is_echo", true);
        deliverMeta("page", pageId, at, entry -> entry.putArray("messaging").add(messaging));
    }

    /** The page's comment (a reply to {@code parentId}), as the page feed's comment "add". */
    public void facebookComment(String pageId, String commentId, String parentId, String text, Instant at) {
        ObjectNode value = JSON.createObjectNode().put("item", "comment").put("verb", "add").put("comment_id", commentId)
                .put("parent_id", parentId).put("message", text).put("created_time", at.getEpochSecond());
        value.putObject("from").put("id", pageId).put("name", "Page");
        ObjectNode change = JSON.createObjectNode().put("field", "feed");
        change.set("value", value);
        deliverMeta("page", pageId, at, entry -> entry.putArray("changes").add(change));
    }

    /** Our Instagram account's DM, as Instagram Messaging's message echo ({@code is_echo}). */
    public void instagramEcho(String instagramAccountId, String recipientIgsid, String mid, String text, Instant at) {
        ObjectNode messaging = JSON.createObjectNode().put("timestamp", at.toEpochMilli());
        messaging.putObject("sender").put("id", instagramAccountId);
        messaging.putObject("recipient").put("id", recipientIgsid);
        messaging.putObject("message").put("mid", mid).put("text", text).put("is_echo", true);
        deliverMeta("instagram", instagramAccountId, at, entry -> entry.putArray("messaging").add(messaging));
    }

    /**
     * Our Instagram account's reply to the comment {@code parentId}, as the {@code comments} field's change.
     * Meta's value also names the {@code media} the comment is on; the sandbox is never told it (a reply is sent
     * to the comment alone), so it is left out — ingest threads by {@code parent_id}.
     */
    public void instagramComment(String instagramAccountId, String username, String commentId, String parentId,
            String text, Instant at) {
        ObjectNode value = JSON.createObjectNode();
        value.putObject("from").put("id", instagramAccountId).put("username", username);
        value.put("id", commentId).put("parent_id", parentId).put("text", text);
        ObjectNode change = JSON.createObjectNode().put("field", "comments");
        change.set("value", value);
        deliverMeta("instagram", instagramAccountId, at, entry -> entry.putArray("changes").add(change));
    }

    private void deliverX(ObjectNode body) {
        byte[] bytes = bytes(body);
        String signature = Signatures.xSignature(xConsumerSecret, bytes);
        deliver("webhooks/x", "x-twitter-webhooks-signature", signature, bytes);
    }

    private void deliverMeta(String object, String entryId, Instant at, java.util.function.Consumer<ObjectNode> fill) {
        ObjectNode body = JSON.createObjectNode().put("object", object);
        ArrayNode entries = body.putArray("entry");
        ObjectNode entry = entries.addObject().put("id", entryId).put("time", at.toEpochMilli());
        fill.accept(entry);
        byte[] bytes = bytes(body);
        String signature = Signatures.metaSignature(metaAppSecret, bytes);
        deliver("webhooks/meta", "X-Hub-Signature-256", signature, bytes);
    }

    private void deliver(String path, String header, String signature, byte[] body) {
        CompletableFuture.runAsync(() -> {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(ingest.resolve(path))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json").header(header, signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                (answer.statusCode() == 200 ? delivered : refused).incrementAndGet();
                if (answer.statusCode() != 200) {
                    System.err.println("sandbox: ingest refused an echo on /" + path + ": HTTP " + answer.statusCode());
                }
            } catch (java.io.IOException e) {
                refused.incrementAndGet();
                System.err.println("sandbox: echo to /" + path + " not delivered: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, sender);
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
    }
}
