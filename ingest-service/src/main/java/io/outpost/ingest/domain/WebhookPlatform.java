package io.outpost.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The platforms that deliver webhooks: how a delivery is normalized, and which of our accounts it
 * was delivered for (the intake buffer's record key, so that one account's deliveries are ingested
 * in the order they arrived, as the platform sent them).
 */
public enum WebhookPlatform {

    /** X's Account Activity API: {@code for_user_id} is the subscribed account. */
    X("x", XWebhook::normalize, root -> root.path("for_user_id").asText("")),
    /** Meta (pages, Messenger, Instagram): {@code entry[0].id} is our page or Instagram account. */
    META("meta", MetaWebhook::normalize, root -> root.path("entry").path(0).path("id").asText(""));

    private final String wireName;
    private final Function<JsonNode, WebhookBatch> normalizer;
    private final Function<JsonNode, String> account;

    WebhookPlatform(String wireName, Function<JsonNode, WebhookBatch> normalizer, Function<JsonNode, String> account) {
        this.wireName = wireName;
        this.normalizer = normalizer;
        this.account = account;
    }

    public String wireName() {
        return wireName;
    }

    /** The delivery's posts, changes and skips; {@link MalformedWebhookException} when it is not the platform's. */
    public WebhookBatch normalize(JsonNode root) {
        return normalizer.apply(root);
    }

    /** The record key: platform and subscribed account ("x:6253282"; just the platform when the delivery names none). */
    public String recordKey(JsonNode root) {
        String id = account.apply(root);
        return id.isEmpty() ? wireName : wireName + ":" + id;
    }

    public static Optional<WebhookPlatform> ofWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
    }
}
