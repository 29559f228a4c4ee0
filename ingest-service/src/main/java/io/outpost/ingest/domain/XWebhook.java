package io.outpost.ingest.domain;

import static io.outpost.ingest.domain.WebhookFields.MAX_DISPLAY_NAME;
import static io.outpost.ingest.domain.WebhookFields.MAX_HANDLE;
import static io.outpost.ingest.domain.WebhookFields.MAX_TEXT;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Normalizes an X Account Activity API delivery into posts: {@code tweet_create_events} (public) and
 * {@code direct_message_events} of type {@code message_create} (private, one thread per pair of
 * users). {@code for_user_id} is our subscribed account: what it writes is ours.
 * {@code tweet_delete_events} become deletions ({@link PostChange}); retweets and every other event type
 * are skipped with a reason. The author's profile (location, bio, link, account creation time,
 * followers, verified) comes from the tweet's {@code user} or the delivery's {@code users} map
 * ({@link XProfiles}): best effort, it never refuses a delivery.
 */
public final class XWebhook {

    /** X's v1.1 time format, e.g. {@code Wed Oct 10 20:19:24 +0000 2018}. */
    static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH);

    /** Top-level fields that describe the delivery rather than carry events. */
    private static final Set<String> ENVELOPE = Set.of("for_user_id", "users", "apps", "user_has_blocked", "source",
            "target");

    private XWebhook() {
    }

    public static WebhookBatch normalize(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new MalformedWebhookException("the body must be a JSON object");
        }
        String forUser = WebhookFields.optionalId(root, "for_user_id", "$");
        JsonNode users = root.get("users");
        List<IncomingPost> posts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<PostChange> changes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (ENVELOPE.contains(name)) {
                continue;
            }
            switch (name) {
                case "tweet_create_events" -> {
                    JsonNode events = WebhookFields.arrayOrEmpty(root, name, "$");
                    for (int i = 0; i < events.size(); i++) {
                        tweet(events.get(i), forUser, name + "[" + i + "]", posts, skipped);
                    }
                }
                case "direct_message_events" -> {
                    JsonNode events = WebhookFields.arrayOrEmpty(root, name, "$");
                    for (int i = 0; i < events.size(); i++) {
                        directMessage(events.get(i), forUser, users, name + "[" + i + "]", posts, skipped);
                    }
                }
                case "tweet_delete_events" -> {
                    JsonNode events = WebhookFields.arrayOrEmpty(root, name, "$");
                    for (int i = 0; i < events.size(); i++) {
                        String path = name + "[" + i + "]";
                        JsonNode event = events.get(i);
                        if (!event.isObject()) {
                            throw new MalformedWebhookException(path + " must be an object");
                        }
                        String id = WebhookFields.id(WebhookFields.object(event, "status", path), "id", path + ".status");
                        changes.add(PostChange.deleted(Channel.X, id, WebhookFields.epochMillis(event, "timestamp_ms", path)));
                    }
                }
                default -> skipped.add(name + " is not handled");
            }
        }
        return new WebhookBatch(posts, changes, skipped);
    }

    private static void tweet(JsonNode tweet, String forUser, String path, List<IncomingPost> posts,
            List<String> skipped) {
        if (!tweet.isObject()) {
            throw new MalformedWebhookException(path + " must be an object");
        }
        String id = WebhookFields.id(tweet, "id_str", path);
        if (tweet.hasNonNull("retweeted_status")) {
            // A retweet repeats someone else's words: nothing new to answer.
            skipped.add(path + ": retweet " + id + " is not ingested");
            return;
        }
        JsonNode user = WebhookFields.object(tweet, "user", path);
        String authorId = WebhookFields.id(user, "id_str", path + ".user");
        String text = null;
        JsonNode extended = tweet.get("extended_tweet");
        if (extended != null && extended.isObject()) {
            text = WebhookFields.optionalText(extended, "full_text", MAX_TEXT, path + ".extended_tweet");
        }
        if (text == null) {
            text = WebhookFields.optionalText(tweet, "full_text", MAX_TEXT, path);
        }
        if (text == null) {
            text = WebhookFields.optionalText(tweet, "text", MAX_TEXT, path);
        }
        posts.add(new IncomingPost(Channel.X, id, authorId,
                WebhookFields.optionalText(user, "screen_name", MAX_HANDLE, path + ".user"),
                WebhookFields.optionalText(user, "name", MAX_DISPLAY_NAME, path + ".user"),
                text == null ? "" : text, createdAt(tweet, path),
                WebhookFields.optionalId(tweet, "in_reply_to_status_id_str", path), null, Visibility.PUBLIC,
                authorId.equals(forUser), XProfiles.of(user), forUser));
    }

    private static Instant createdAt(JsonNode tweet, String path) {
        String value = WebhookFields.optionalText(tweet, "created_at", 64, path);
        if (value == null) {
            Instant millis = WebhookFields.epochMillis(tweet, "timestamp_ms", path);
            if (millis == null) {
                throw new MalformedWebhookException(path + ".created_at is required");
            }
            return millis;
        }
        try {
            return ZonedDateTime.parse(value.strip(), CREATED_AT).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedWebhookException(path + ".created_at '" + value + "' is not like 'Wed Oct 10 20:19:24 +0000 2018'");
        }
    }

    private static void directMessage(JsonNode event, String forUser, JsonNode users, String path,
            List<IncomingPost> posts, List<String> skipped) {
        if (!event.isObject()) {
            throw new MalformedWebhookException(path + " must be an object");
        }
        String type = event.path("type").asText("");
        if (!type.equals("message_create")) {
            skipped.add(path + ": direct message event type '" + type + "' is not handled");
            return;
        }
        String id = WebhookFields.id(event, "id", path);
        Instant createdAt = WebhookFields.epochMillis(event, "created_timestamp", path);
        if (createdAt == null) {
            throw new MalformedWebhookException(path + ".created_timestamp is required");
        }
        JsonNode create = WebhookFields.object(event, "message_create", path);
        String sender = WebhookFields.id(create, "sender_id", path + ".message_create");
        String recipient = WebhookFields.id(WebhookFields.object(create, "target", path + ".message_create"),
                "recipient_id", path + ".message_create.target");
        String text = null;
        JsonNode data = create.get("message_data");
        if (data != null && data.isObject()) {
            text = WebhookFields.optionalText(data, "text", MAX_TEXT, path + ".message_create.message_data");
        }
        // The delivery's users map names the participants; a DM event itself carries only ids.
        String handle = null;
        String name = null;
        JsonNode user = null;
        if (users != null && users.isObject() && users.get(sender) != null && users.get(sender).isObject()) {
            user = users.get(sender);
            handle = WebhookFields.optionalText(user, "screen_name", MAX_HANDLE, "users." + sender);
            name = WebhookFields.optionalText(user, "name", MAX_DISPLAY_NAME, "users." + sender);
        }
        posts.add(new IncomingPost(Channel.X, id, sender, handle, name, text == null ? "" : text, createdAt, null,
                WebhookFields.pairThread(sender, recipient, path), Visibility.PRIVATE, sender.equals(forUser),
                XProfiles.of(user), forUser));
    }
}
