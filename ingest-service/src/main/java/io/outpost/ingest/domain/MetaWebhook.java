package io.outpost.ingest.domain;

import static io.outpost.ingest.domain.WebhookFields.MAX_DISPLAY_NAME;
import static io.outpost.ingest.domain.WebhookFields.MAX_HANDLE;
import static io.outpost.ingest.domain.WebhookFields.MAX_TEXT;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Normalizes a Meta webhook delivery (Graph API webhooks) into posts:
 * <ul>
 * <li>{@code object: page}, {@code changes[]} of field {@code feed}: posts, statuses and comments on
 * the page (verb {@code add}; {@code edited}: ingested when new to us, and an edit ({@link PostChange});
 * {@code remove}: a deletion);</li>
 * <li>{@code object: page}, {@code messaging[]}: Messenger messages, {@code is_echo} ones being ours,
 * {@code is_deleted} ones deletions;</li>
 * <li>{@code object: instagram}, {@code changes[]} of field {@code comments}, and {@code messaging[]}.</li>
 * </ul>
 * Everything else (other objects, fields, feed items such as reactions, delivery and read receipts)
 * is skipped with a reason. {@code entry[].id} is our page or Instagram account: what it writes is ours.
 */
public final class MetaWebhook {

    private static final Set<String> FEED_ITEMS = Set.of("comment", "post", "status");
    private static final DateTimeFormatter ISO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[XXX][XX]");

    private MetaWebhook() {
    }

    public static WebhookBatch normalize(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new MalformedWebhookException("the body must be a JSON object");
        }
        JsonNode objectNode = root.get("object");
        if (objectNode == null || !objectNode.isTextual()) {
            throw new MalformedWebhookException("object must be a string");
        }
        String object = objectNode.asText();
        List<IncomingPost> posts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<PostChange> postChanges = new ArrayList<>();
        if (!object.equals("page") && !object.equals("instagram")) {
            skipped.add("object '" + object + "' is not handled");
            return new WebhookBatch(posts, skipped);
        }
        boolean instagram = object.equals("instagram");
        JsonNode entries = WebhookFields.arrayOrEmpty(root, "entry", "$");
        for (int i = 0; i < entries.size(); i++) {
            String path = "entry[" + i + "]";
            JsonNode entry = entries.get(i);
            if (!entry.isObject()) {
                throw new MalformedWebhookException(path + " must be an object");
            }
            String accountId = WebhookFields.id(entry, "id", path);
            Instant entryTime = WebhookFields.epochSecondsOrMillis(entry, "time", path);
            JsonNode changes = WebhookFields.arrayOrEmpty(entry, "changes", path);
            for (int c = 0; c < changes.size(); c++) {
                change(changes.get(c), instagram, accountId, entryTime, path + ".changes[" + c + "]", posts, postChanges, skipped);
            }
            JsonNode messaging = WebhookFields.arrayOrEmpty(entry, "messaging", path);
            for (int m = 0; m < messaging.size(); m++) {
                message(messaging.get(m), instagram ? Channel.INSTAGRAM : Channel.MESSENGER, accountId,
                        path + ".messaging[" + m + "]", posts, postChanges, skipped);
            }
            if (entry.has("standby")) {
                skipped.add(path + ".standby: messages for another app of the handover protocol are not ours to answer");
            }
        }
        return new WebhookBatch(posts, postChanges, skipped);
    }

    private static void change(JsonNode change, boolean instagram, String accountId, Instant entryTime, String path,
            List<IncomingPost> posts, List<PostChange> postChanges, List<String> skipped) {
        if (!change.isObject()) {
            throw new MalformedWebhookException(path + " must be an object");
        }
        String field = change.path("field").asText("");
        if (!instagram && field.equals("feed")) {
            feed(WebhookFields.object(change, "value", path), accountId, entryTime, path + ".value", posts, postChanges, skipped);
        } else if (instagram && field.equals("comments")) {
            instagramComment(WebhookFields.object(change, "value", path), accountId, entryTime, path + ".value", posts);
        } else {
            skipped.add(path + ": field '" + field + "' of object '" + (instagram ? "instagram" : "page") + "' is not handled");
        }
    }

    private static void feed(JsonNode value, String pageId, Instant entryTime, String path, List<IncomingPost> posts,
            List<PostChange> postChanges, List<String> skipped) {
        String item = value.path("item").asText("");
        String verb = value.path("verb").asText("");
        if (!FEED_ITEMS.contains(item)) {
            skipped.add(path + ": feed item '" + item + "' is not handled");
            return;
        }
        boolean comment = item.equals("comment");
        String id = WebhookFields.id(value, comment ? "comment_id" : "post_id", path);
        if (verb.equals("remove")) {
            postChanges.add(PostChange.deleted(Channel.FACEBOOK, id, entryTime));
            return;
        }
        if (!verb.equals("add") && !verb.equals("edited")) {
            skipped.add(path + ": verb '" + verb + "' of " + item + " " + id + " is not handled");
            return;
        }
        JsonNode from = WebhookFields.object(value, "from", path);
        String authorId = WebhookFields.id(from, "id", path + ".from");
        String text = WebhookFields.optionalText(value, "message", MAX_TEXT, path);
        Instant createdAt = createdTime(value, path);
        if (createdAt == null) {
            createdAt = required(entryTime, path + ".created_time");
        }
        String parent = null;
        if (comment) {
            parent = WebhookFields.optionalId(value, "parent_id", path);
            if (parent == null) {
                parent = WebhookFields.optionalId(value, "post_id", path);
            }
        }
        posts.add(new IncomingPost(Channel.FACEBOOK, id, authorId, null,
                WebhookFields.optionalText(from, "name", MAX_DISPLAY_NAME, path + ".from"),
                text == null ? "" : text, createdAt, parent, null, Visibility.PUBLIC, authorId.equals(pageId), null, pageId));
        if (verb.equals("edited") && text != null) {
            // New to us: the post above is ingested with its edited text and the edit changes nothing.
            // Known: the post above is a duplicate and the edit replaces the stored text.
            postChanges.add(PostChange.edited(Channel.FACEBOOK, id, text,
                    entryTime != null ? entryTime : createdAt));
        }
    }

    /** Feed {@code created_time} comes as epoch seconds; older payloads carry an ISO-8601 text. */
    private static Instant createdTime(JsonNode value, String path) {
        JsonNode node = value.get("created_time");
        if (node != null && node.isTextual() && !node.asText().strip().chars().allMatch(Character::isDigit)) {
            try {
                return OffsetDateTime.parse(node.asText().strip(), ISO_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw new MalformedWebhookException(path + ".created_time is neither epoch seconds nor ISO-8601");
            }
        }
        return WebhookFields.epochSeconds(value, "created_time", path);
    }

    private static void instagramComment(JsonNode value, String accountId, Instant entryTime, String path,
            List<IncomingPost> posts) {
        String id = WebhookFields.id(value, "id", path);
        JsonNode from = WebhookFields.object(value, "from", path);
        String authorId = WebhookFields.id(from, "id", path + ".from");
        String parent = WebhookFields.optionalId(value, "parent_id", path);
        if (parent == null && value.get("media") != null && value.get("media").isObject()) {
            parent = WebhookFields.optionalId(value.get("media"), "id", path + ".media");
        }
        // Instagram's comment webhook has no time of its own: the entry's time is when it happened.
        Instant createdAt = required(entryTime, path + " (entry time)");
        String text = WebhookFields.optionalText(value, "text", MAX_TEXT, path);
        posts.add(new IncomingPost(Channel.INSTAGRAM, id, authorId,
                WebhookFields.optionalText(from, "username", MAX_HANDLE, path + ".from"), null,
                text == null ? "" : text, createdAt, parent, null, Visibility.PUBLIC, authorId.equals(accountId), null,
                accountId));
    }

    private static void message(JsonNode event, Channel channel, String accountId, String path, List<IncomingPost> posts,
            List<PostChange> postChanges, List<String> skipped) {
        if (!event.isObject()) {
            throw new MalformedWebhookException(path + " must be an object");
        }
        JsonNode message = event.get("message");
        if (message == null || !message.isObject()) {
            skipped.add(path + ": messaging event without a message (delivery, read, postback, reaction) is not handled");
            return;
        }
        String mid = WebhookFields.id(message, "mid", path + ".message");
        if (WebhookFields.flag(message, "is_deleted", path + ".message")) {
            postChanges.add(PostChange.deleted(channel, mid, WebhookFields.epochMillis(event, "timestamp", path)));
            return;
        }
        String sender = WebhookFields.id(WebhookFields.object(event, "sender", path), "id", path + ".sender");
        String recipient = WebhookFields.id(WebhookFields.object(event, "recipient", path), "id", path + ".recipient");
        Instant createdAt = required(WebhookFields.epochMillis(event, "timestamp", path), path + ".timestamp");
        boolean echo = WebhookFields.flag(message, "is_echo", path + ".message");
        String text = WebhookFields.optionalText(message, "text", MAX_TEXT, path + ".message");
        String replyTo = null;
        JsonNode reply = message.get("reply_to");
        if (reply != null && reply.isObject()) {
            replyTo = WebhookFields.optionalId(reply, "mid", path + ".message.reply_to");
        }
        posts.add(new IncomingPost(channel, mid, sender, null, null, text == null ? "" : text, createdAt, replyTo,
                WebhookFields.pairThread(sender, recipient, path), Visibility.PRIVATE, echo || sender.equals(accountId), null,
                accountId));
    }

    private static Instant required(Instant value, String path) {
        if (value == null) {
            throw new MalformedWebhookException(path + " is required");
        }
        return value;
    }
}
