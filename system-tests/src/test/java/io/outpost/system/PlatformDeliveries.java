package io.outpost.system;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deliveries as X's Account Activity API and Meta's webhooks send them (the shapes of ingest's
 * samples), and their signatures: HMAC-SHA256 of the raw body, base64 for X
 * ({@code x-twitter-webhooks-signature}), hex for Meta ({@code X-Hub-Signature-256}).
 */
final class PlatformDeliveries {

    static final String X_SIGNATURE = "x-twitter-webhooks-signature";
    static final String META_SIGNATURE = "X-Hub-Signature-256";
    /** X's v1.1 time format, e.g. {@code Wed Oct 10 20:19:24 +0000 2018}. */
    static final DateTimeFormatter X_TIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private PlatformDeliveries() {
    }

    static String xSignature(String consumerSecret, byte[] body) {
        return "sha256=" + Base64.getEncoder().encodeToString(hmac(consumerSecret, body));
    }

    static String metaSignature(String appSecret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(appSecret, body));
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One tweet in X's v1.1 shape. */
    static ObjectNode tweet(String id, String authorId, String handle, String text, Instant createdAt, String inReplyTo) {
        ObjectNode tweet = SweepValues.NODES.objectNode();
        tweet.put("created_at", X_TIME.format(createdAt));
        tweet.put("id_str", id);
        tweet.put("text", text);
        if (inReplyTo != null) {
            tweet.put("in_reply_to_status_id_str", inReplyTo);
        } else {
            tweet.putNull("in_reply_to_status_id_str");
        }
        ObjectNode user = tweet.putObject("user");
        user.put("id_str", authorId);
        user.put("screen_name", handle);
        user.put("name", handle);
        return tweet;
    }

    /** A {@code tweet_create_events} delivery for the subscribed account {@code forUserId}. */
    static ObjectNode tweetCreate(String forUserId, ObjectNode... tweets) {
        ObjectNode delivery = SweepValues.NODES.objectNode();
        delivery.put("for_user_id", forUserId);
        ArrayNode events = delivery.putArray("tweet_create_events");
        for (ObjectNode tweet : tweets) {
            events.add(tweet);
        }
        return delivery;
    }

    static ObjectNode directMessage(String forUserId, String id, String senderId, String text, Instant at) {
        ObjectNode delivery = SweepValues.NODES.objectNode();
        delivery.put("for_user_id", forUserId);
        ObjectNode event = delivery.putArray("direct_message_events").addObject();
        event.put("type", "message_create");
        event.put("id", id);
        event.put("created_timestamp", Long.toString(at.toEpochMilli()));
        ObjectNode create = event.putObject("message_create");
        create.putObject("target").put("recipient_id", forUserId);
        create.put("sender_id", senderId);
        create.putObject("message_data").put("text", text);
        ObjectNode user = delivery.putObject("users").putObject(senderId);
        user.put("id", senderId);
        user.put("screen_name", "dm-" + senderId);
        user.put("name", "DM " + senderId);
        return delivery;
    }

    /** A Facebook page comment ({@code object: page}, {@code field: feed}). */
    static ObjectNode pageComment(String pageId, String commentId, String authorId, String text, Instant at) {
        ObjectNode delivery = SweepValues.NODES.objectNode();
        delivery.put("object", "page");
        ObjectNode entry = delivery.putArray("entry").addObject();
        entry.put("id", pageId);
        entry.put("time", at.getEpochSecond());
        ObjectNode change = entry.putArray("changes").addObject();
        change.put("field", "feed");
        ObjectNode value = change.putObject("value");
        value.putObject("from").put("id", authorId).put("name", "Dana " + authorId);
        value.put("item", "comment");
        value.put("verb", "add");
        value.put("comment_id", pageId + "_" + commentId);
        value.put("post_id", pageId + "_1");
        value.put("parent_id", pageId + "_1");
        value.put("message", text);
        value.put("created_time", at.getEpochSecond());
        return delivery;
    }

    /** A Messenger message to a page. */
    static ObjectNode messenger(String pageId, String mid, String senderId, String text, Instant at) {
        ObjectNode delivery = SweepValues.NODES.objectNode();
        delivery.put("object", "page");
        ObjectNode entry = delivery.putArray("entry").addObject();
        entry.put("id", pageId);
        entry.put("time", at.toEpochMilli());
        ObjectNode message = entry.putArray("messaging").addObject();
        message.putObject("sender").put("id", senderId);
        message.putObject("recipient").put("id", pageId);
        message.put("timestamp", at.toEpochMilli());
        message.putObject("message").put("mid", mid).put("text", text);
        return delivery;
    }

    /** An Instagram comment on a media item. */
    static ObjectNode instagramComment(String accountId, String commentId, String authorId, String text, Instant at) {
        ObjectNode delivery = SweepValues.NODES.objectNode();
        delivery.put("object", "instagram");
        ObjectNode entry = delivery.putArray("entry").addObject();
        entry.put("id", accountId);
        entry.put("time", at.getEpochSecond());
        ObjectNode change = entry.putArray("changes").addObject();
        change.put("field", "comments");
        ObjectNode value = change.putObject("value");
        value.putObject("from").put("id", authorId).put("username", "dana" + authorId);
        value.putObject("media").put("id", accountId + "1");
        value.put("id", commentId);
        value.put("text", text);
        return delivery;
    }
}
