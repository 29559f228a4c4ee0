package io.outpost.ingest.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.contracts.Channel;
import io.outpost.contracts.events.OutboundRequested.Kind;
import io.outpost.ingest.config.MetaWebhookConfig;
import io.outpost.ingest.config.OutboundConfig;
import io.outpost.ingest.domain.Delivery;
import io.outpost.ingest.domain.OutboundText;
import io.outpost.ingest.domain.RetryAfter;
import io.outpost.ingest.domain.WebhookSignatures;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.nio.charset.StandardCharsets;

/**
 * Makes one platform call for a delivery and classifies the answer. Which call: X public reply →
 * {@code POST /2/tweets} with {@code reply.in_reply_to_tweet_id}; X private kinds → DM; Facebook
 * public reply → comment on the comment/post; Instagram public reply → comment reply; Messenger,
 * Facebook and Instagram private kinds → Send API. Survey invitations and consent requests are
 * private messages to the recipient.
 */
@ApplicationScoped
public class PlatformSender {

    private static final int MAX_REASON = 500;

    private final PlatformClients clients;
    private final OutboundConfig config;
    private final MetaWebhookConfig metaApp;
    private final ObjectMapper mapper;

    public PlatformSender(PlatformClients clients, OutboundConfig config, MetaWebhookConfig metaApp, ObjectMapper mapper) {
        this.clients = clients;
        this.config = config;
        this.metaApp = metaApp;
        this.mapper = mapper;
    }

    /** The checks made before any call (empty when the message can be sent). */
    public Optional<String> check(Delivery d) {
        Channel channel = Channel.fromWire(d.channel);
        Kind kind = Kind.fromWire(d.kind);
        if (kind == Kind.PUBLIC_POST) {
            return checkPublicPost(channel, d.text);
        }
        boolean publicReply = kind == Kind.PUBLIC_REPLY;
        if (publicReply && d.inReplyToId == null) {
            return Optional.of("a public reply needs inReplyToExternalId");
        }
        if (!publicReply && d.recipientId == null) {
            return Optional.of("a " + d.kind + " needs recipientPlatformId");
        }
        return switch (channel) {
            case X -> OutboundText.overLimit(d.text, publicReply ? OutboundText.X_POST_LIMIT : OutboundText.X_DM_LIMIT, "X");
            case FACEBOOK -> OutboundText.overLimit(d.text,
                    publicReply ? OutboundText.FACEBOOK_COMMENT_LIMIT : OutboundText.MESSENGER_LIMIT, "Facebook");
            case INSTAGRAM -> OutboundText.overLimit(d.text, OutboundText.MESSENGER_LIMIT, "Instagram");
            case MESSENGER -> publicReply
                    ? Optional.of("Messenger has no public replies; use private-message")
                    : OutboundText.overLimit(d.text, OutboundText.MESSENGER_LIMIT, "Messenger");
            default -> Optional.of("no outbound client for channel " + channel.wireName());
        };
    }

    /** A brand post to everyone (an incident's proactive post): where a text-only post exists. */
    private static Optional<String> checkPublicPost(Channel channel, String text) {
        return switch (channel) {
            case X -> OutboundText.overLimit(text, OutboundText.X_POST_LIMIT, "X");
            case FACEBOOK -> OutboundText.overLimit(text, OutboundText.FACEBOOK_POST_LIMIT, "Facebook");
            // Instagram's content publishing API takes media (an image or a video), never text alone.
            case INSTAGRAM -> Optional.of("Instagram cannot publish a text-only post; post on x or facebook");
            case MESSENGER -> Optional.of("Messenger has no public posts; post on facebook");
            default -> Optional.of("no outbound client for channel " + channel.wireName());
        };
    }

    /**
     * One call with the account's token; never fails (every outcome is an {@link Attempt}).
     * {@code accountPlatformId} is our account's platform id: the page a public post goes on.
     */
    public Uni<Attempt> send(Delivery d, String accountPlatformId, String token) {
        Channel channel = Channel.fromWire(d.channel);
        Kind kind = Kind.fromWire(d.kind);
        boolean publicReply = kind == Kind.PUBLIC_REPLY;
        boolean publicPost = kind == Kind.PUBLIC_POST;
        String bearer = "Bearer " + token;
        Uni<Response> call;
        Function<JsonNode, String> idOf;
        if (channel == Channel.X) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("text", d.text);
            if (publicPost) {
                call = clients.x().createPost(bearer, body);
                idOf = json -> json.path("data").path("id").asText(null);
            } else if (publicReply) {
                body.put("reply", Map.of("in_reply_to_tweet_id", d.inReplyToId));
                call = clients.x().createPost(bearer, body);
                idOf = json -> json.path("data").path("id").asText(null);
            } else {
                call = clients.x().sendDirectMessage(bearer, d.recipientId, body);
                idOf = json -> json.path("data").path("dm_event_id").asText(null);
            }
        } else {
            String version = config.meta().apiVersion();
            String proof = appsecretProof(token);
            if (publicPost) {
                call = clients.meta().pagePost(version, accountPlatformId, bearer, proof, Map.of("message", d.text));
                idOf = json -> json.path("id").asText(null);
            } else if (publicReply) {
                Map<String, Object> body = Map.of("message", d.text);
                call = channel == Channel.INSTAGRAM
                        ? clients.meta().instagramReply(version, d.inReplyToId, bearer, proof, body)
                        : clients.meta().comment(version, d.inReplyToId, bearer, proof, body);
                idOf = json -> json.path("id").asText(null);
            } else {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("recipient", Map.of("id", d.recipientId));
                body.put("messaging_type", "RESPONSE");
                body.put("message", Map.of("text", d.text));
                call = clients.meta().sendMessage(version, bearer, proof, body);
                idOf = json -> json.path("message_id").asText(null);
            }
        }
        String platform = channel == Channel.X ? "X" : "Meta";
        return Uni.createFrom().deferred(() -> call)
                .map(response -> classify(platform, response, idOf))
                .onFailure().recoverWithItem(failure -> failure instanceof WebApplicationException wae && wae.getResponse() != null
                        ? classify(platform, wae.getResponse(), idOf)
                        : transportFailure(platform, failure));
    }

    /** {@code appsecret_proof}: hex HMAC-SHA256 of the access token keyed with the app secret; null without a secret. */
    String appsecretProof(String token) {
        Optional<String> secret = config.meta().appSecret().or(metaApp::appSecret).filter(s -> !s.isBlank());
        return secret.map(s -> HexFormat.of().formatHex(WebhookSignatures.hmacSha256(s, token.getBytes(StandardCharsets.UTF_8))))
                .orElse(null);
    }

    private Attempt classify(String platform, Response response, Function<JsonNode, String> idOf) {
        int status = response.getStatus();
        String body = readBody(response);
        if (status >= 200 && status < 300) {
            String id = null;
            try {
                id = idOf.apply(mapper.readTree(body == null ? "" : body));
            } catch (Exception e) {
                // handled below: a 2xx without an id is still a delivery, but we say so
            }
            return new Attempt.Delivered(id == null || id.isBlank() ? "unknown" : id);
        }
        String reason = platform + " answered " + status + errorMessage(body).map(m -> ": " + m).orElse("");
        if (status == 429 || status >= 500) {
            Instant now = Instant.now();
            Optional<java.time.Duration> wait = RetryAfter.parse(response.getHeaderString("Retry-After"), now);
            if (wait.isEmpty() && status == 429) {
                // X answers 429 with x-rate-limit-reset (epoch seconds) rather than Retry-After.
                wait = RetryAfter.resetAt(response.getHeaderString("x-rate-limit-reset"), now);
            }
            return new Attempt.Retryable(truncate(reason), wait);
        }
        return new Attempt.Failed(truncate(reason));
    }

    private static Attempt transportFailure(String platform, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t.getClass().getName().endsWith("ConnectTimeoutException")) {
                return new Attempt.Retryable("could not connect to " + platform + ": " + t.getMessage(), Optional.empty());
            }
        }
        // The request may have reached the platform (a read timeout, a reset connection): sending
        // again could post twice, so the outcome is reported as unknown instead.
        return new Attempt.Failed(truncate("outcome unknown: " + platform + " call failed after the request was sent ("
                + failure.getClass().getSimpleName() + ": " + failure.getMessage() + ")"));
    }

    private static String readBody(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(String.class) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The platform's own error text: Meta {@code error.message}; X {@code detail}, {@code errors[0].message} or {@code title}. */
    private Optional<String> errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode json = mapper.readTree(body);
            for (JsonNode candidate : new JsonNode[] { json.path("error").path("message"), json.path("detail"),
                    json.path("errors").path(0).path("message"), json.path("errors").path(0).path("detail"), json.path("title") }) {
                if (candidate.isTextual() && !candidate.asText().isBlank()) {
                    return Optional.of(candidate.asText());
                }
            }
        } catch (Exception e) {
            // not JSON: the raw text below
        }
        return Optional.of(body.strip());
    }

    private static String truncate(String s) {
        return s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON) + "…";
    }
}
