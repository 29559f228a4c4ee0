package io.outpost.ingest.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.contracts.Channel;
import io.outpost.contracts.events.OutboundRequested.Kind;
import io.outpost.ingest.config.MetaWebhookConfig;
import io.outpost.ingest.config.OutboundConfig;
import io.outpost.ingest.domain.Delivery;
import io.outpost.ingest.domain.ForumSignatures;
import io.outpost.ingest.domain.MetaErrorCodes;
import io.outpost.ingest.domain.MetaMessagingWindow;
import io.outpost.ingest.domain.MetaThrottling;
import io.outpost.ingest.domain.RetryAfter;
import io.outpost.ingest.domain.WebhookSignatures;
import io.outpost.kit.text.ChannelTextLimits;
import io.outpost.kit.text.ChannelTextLimits.Form;
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
 * Facebook and Instagram private kinds → Send API; forum public reply or post → a signed POST to the
 * account's integration endpoint. Survey invitations and consent requests are private messages to
 * the recipient (none on a forum).
 */
@ApplicationScoped
public class PlatformSender {

    private static final int MAX_REASON = 500;
    /** How a forum integration is named in reasons ("the forum integration answered 400: …"). */
    private static final String FORUM = "the forum integration";

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
        if (channel == Channel.FORUM && !publicReply) {
            // A forum has no private path: case-service refuses private replies there in the same words;
            // survey invitations and consent requests are private messages too.
            return Optional.of("channel forum has no private path: reply publicly");
        }
        if (publicReply && d.inReplyToId == null) {
            return Optional.of("a public reply needs inReplyToExternalId");
        }
        if (!publicReply && d.recipientId == null) {
            return Optional.of("a " + d.kind + " needs recipientPlatformId");
        }
        if (channel == Channel.MESSENGER && publicReply) {
            return Optional.of("Messenger has no public replies; use private-message");
        }
        if (channel == Channel.FACEBOOK && kind == Kind.PRIVATE_MESSAGE && d.inReplyToId == null) {
            // Messenger Platform, "Private Replies": a page reaches a Facebook commenter privately only by
            // answering their comment (recipient.comment_id); their feed id is no Messenger recipient.
            return Optional.of("a private message to a Facebook commenter is a Private Reply to their comment:"
                    + " it needs inReplyToExternalId (the comment)");
        }
        return switch (channel) {
            // The length rule is service-kit's, the one case-service checks a reply against before it is
            // accepted: the same count (X's weighted one for a public X post) and the same words.
            case X, FACEBOOK, INSTAGRAM, MESSENGER, FORUM -> ChannelTextLimits.refusal(channel, Form.of(kind), d.text);
            default -> Optional.of("no outbound client for channel " + channel.wireName());
        };
    }

    /** A brand post to everyone (an incident's proactive post): where a text-only post exists. */
    private static Optional<String> checkPublicPost(Channel channel, String text) {
        return switch (channel) {
            case X, FACEBOOK, FORUM -> ChannelTextLimits.refusal(channel, Form.PUBLIC_POST, text);
            // Instagram's content publishing API takes media (an image or a video), never text alone.
            case INSTAGRAM -> Optional.of("Instagram cannot publish a text-only post; post on x or facebook");
            case MESSENGER -> Optional.of("Messenger has no public posts; post on facebook");
            default -> Optional.of("no outbound client for channel " + channel.wireName());
        };
    }

    /**
     * One call with the account's credentials; never fails (every outcome is an {@link Attempt}).
     * {@code accountPlatformId} is our account's platform id: the page a public post goes on, the
     * forum user a forum integration posts as.
     */
    public Uni<Attempt> send(Delivery d, String accountPlatformId, AccountCredentials credentials) {
        if (credentials instanceof AccountCredentials.ForumSigning forum) {
            return sendToForum(d, accountPlatformId, forum);
        }
        String token = ((AccountCredentials.BearerToken) credentials).token();
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
                return sendMessage(d, kind, accountPlatformId, version, bearer, proof);
            }
        }
        String platform = channel == Channel.X ? "X" : "Meta";
        return answer(() -> call).map(answer -> answer.failure() != null ? transportFailure(platform, answer.failure())
                : classify(platform, answer, idOf));
    }

    /**
     * A Send API message ({@code POST /me/messages}): a Private Reply ({@code recipient.comment_id}) for a private
     * message answering a Facebook or Instagram comment, else a message to the person's page- or Instagram-scoped id
     * as {@code RESPONSE}. Meta decides whether the page may still write (domain/MetaMessagingWindow): refused as
     * outside the 24-hour window, an agent's private message from an account granted the Human Agent permission is
     * sent once more, tagged {@code HUMAN_AGENT} (within the same attempt: no second rate-limit token, as the first
     * call did nothing); a window refusal fails the delivery with a reason the agent can act on, never retried.
     */
    private Uni<Attempt> sendMessage(Delivery d, Kind kind, String accountPlatformId, String version, String bearer,
            String proof) {
        Channel channel = Channel.fromWire(d.channel);
        boolean privateReply = kind == Kind.PRIVATE_MESSAGE && d.inReplyToId != null
                && (channel == Channel.FACEBOOK || channel == Channel.INSTAGRAM);
        boolean granted = config.meta().humanAgentAccounts().map(accounts -> accounts.contains(accountPlatformId))
                .orElse(false);
        Function<JsonNode, String> idOf = json -> json.path("message_id").asText(null);
        return answer(() -> clients.meta().sendMessage(version, bearer, proof, messageBody(d, privateReply, false)))
                .chain(first -> {
                    Optional<MetaMessagingWindow.Refusal> refusal = windowRefusal(first);
                    if (refusal.isPresent() && MetaMessagingWindow.answerAsHumanAgent(refusal.get(), kind, privateReply,
                            granted, false)) {
                        return answer(() -> clients.meta().sendMessage(version, bearer, proof, messageBody(d, false, true)))
                                .map(second -> classifyMessage(second, idOf, kind, false, granted, true, accountPlatformId));
                    }
                    return Uni.createFrom().item(classifyMessage(first, idOf, kind, privateReply, granted, false,
                            accountPlatformId));
                });
    }

    /** The Send API body: by comment (a Private Reply, no messaging type), or to the person's id, tagged or not. */
    private static Map<String, Object> messageBody(Delivery d, boolean privateReply, boolean humanAgent) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (privateReply) {
            // Messenger Platform, "Private Replies" (Instagram: "Private Replies" of the Instagram API): one message
            // to a comment's author, addressed by the comment, within 7 days of it.
            body.put("recipient", Map.of("comment_id", d.inReplyToId));
        } else if (humanAgent) {
            // Messenger Platform, "Message tags": HUMAN_AGENT lets a person answer up to 7 days after the
            // customer's last message; automated messages may not use it.
            body.put("recipient", Map.of("id", d.recipientId));
            body.put("messaging_type", "MESSAGE_TAG");
            body.put("tag", "HUMAN_AGENT");
        } else {
            // The standard messaging window: within 24 hours of the person's last message.
            body.put("recipient", Map.of("id", d.recipientId));
            body.put("messaging_type", "RESPONSE");
        }
        body.put("message", Map.of("text", d.text));
        return body;
    }

    private static Optional<MetaMessagingWindow.Refusal> windowRefusal(Answer answer) {
        return answer.failure() == null && answer.status() >= 400 && answer.status() < 500
                ? MetaMessagingWindow.refusal(answer.body()) : Optional.empty();
    }

    private Attempt classifyMessage(Answer answer, Function<JsonNode, String> idOf, Kind kind, boolean privateReply,
            boolean granted, boolean tagged, String accountPlatformId) {
        if (answer.failure() != null) {
            return transportFailure("Meta", answer.failure());
        }
        Optional<MetaMessagingWindow.Refusal> refusal = windowRefusal(answer);
        if (refusal.isPresent()) {
            String meta = "Meta answered " + answer.status() + errorMessage(answer.body()).map(m -> ": " + m).orElse("");
            return new Attempt.Failed(truncate(MetaMessagingWindow.reason(refusal.get(), kind, privateReply, granted, tagged,
                    accountPlatformId, meta)));
        }
        return classify("Meta", answer, idOf);
    }

    /** A platform's answer, its body read once; or the failure that left no answer. */
    private record Answer(Response response, int status, String body, Throwable failure) {
    }

    private static Uni<Answer> answer(java.util.function.Supplier<Uni<Response>> call) {
        return Uni.createFrom().<Response>deferred(call::get)
                .map(response -> new Answer(response, response.getStatus(), readBody(response), null))
                .onFailure().recoverWithItem(failure -> failure instanceof WebApplicationException wae && wae.getResponse() != null
                        ? new Answer(wae.getResponse(), wae.getResponse().getStatus(), readBody(wae.getResponse()), null)
                        : new Answer(null, 0, null, failure));
    }

    /**
     * A forum delivery (README "Forum delivery contract"): the JSON body, signed over
     * {@code "<timestamp>.<body>"} with the account's secret, POSTed to its integration's endpoint with
     * {@code Idempotency-Key: <messageId>}. Each attempt is signed afresh (a retry after a long
     * {@code Retry-After} must not arrive with a stale timestamp); the body stays the same bytes.
     */
    private Uni<Attempt> sendToForum(Delivery d, String accountPlatformId, AccountCredentials.ForumSigning forum) {
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(forumBody(d, accountPlatformId));
        } catch (Exception e) {
            return Uni.createFrom().item(new Attempt.Failed("could not write the forum delivery: " + e.getMessage()));
        }
        long timestamp = Instant.now().getEpochSecond();
        String signature = ForumSignatures.sign(timestamp, body, forum.secret());
        Function<JsonNode, String> idOf = json -> json.path("id").isValueNode() ? json.path("id").asText(null) : null;
        return Uni.createFrom().deferred(() -> clients.forum(forum.endpoint())
                        .deliver(Long.toString(timestamp), signature, d.messageId.toString(), body))
                .map(response -> classify(FORUM, response, idOf))
                .onFailure().recoverWithItem(failure -> failure instanceof WebApplicationException wae && wae.getResponse() != null
                        ? classify(FORUM, wae.getResponse(), idOf)
                        // Unlike X and Meta, a forum call that failed after the request left is retried: the
                        // same Idempotency-Key lets the integration answer the earlier result instead of
                        // posting twice (the contract requires it to).
                        : new Attempt.Retryable(truncate("no answer from " + FORUM + " (" + failure.getClass().getSimpleName()
                                + ": " + failure.getMessage() + ")"), Optional.empty()));
    }

    /** {@code {"messageId", "caseId", "account", "kind", "inReplyTo", "text", "sentAt"}}; null fields are sent as null. */
    static Map<String, Object> forumBody(Delivery d, String accountPlatformId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messageId", d.messageId.toString());
        body.put("caseId", d.caseId == null ? null : d.caseId.toString());
        body.put("account", accountPlatformId);
        body.put("kind", Kind.fromWire(d.kind) == Kind.PUBLIC_POST ? "post" : "reply");
        body.put("inReplyTo", d.inReplyToId);
        body.put("text", d.text);
        // When the send began (the claim), not this attempt: retries carry the same bytes.
        body.put("sentAt", (d.sendingSince != null ? d.sendingSince : Instant.now()).toString());
        return body;
    }

    /** {@code appsecret_proof}: hex HMAC-SHA256 of the access token keyed with the app secret; null without a secret. */
    String appsecretProof(String token) {
        Optional<String> secret = config.meta().appSecret().or(metaApp::appSecret).filter(s -> !s.isBlank());
        return secret.map(s -> HexFormat.of().formatHex(WebhookSignatures.hmacSha256(s, token.getBytes(StandardCharsets.UTF_8))))
                .orElse(null);
    }

    private Attempt classify(String platform, Response response, Function<JsonNode, String> idOf) {
        return classify(platform, new Answer(response, response.getStatus(), readBody(response), null), idOf);
    }

    private Attempt classify(String platform, Answer answer, Function<JsonNode, String> idOf) {
        Response response = answer.response();
        int status = answer.status();
        String body = answer.body();
        if (status >= 200 && status < 300) {
            String id = null;
            try {
                id = idOf.apply(mapper.readTree(body == null ? "" : body));
            } catch (Exception e) {
                // handled below: a 2xx without an id is still a delivery, but we say so
            }
            return new Attempt.Delivered(id == null || id.isBlank() ? "unknown" : id, "X".equals(platform)
                    ? RetryAfter.spentWindow(response.getHeaderString("x-rate-limit-remaining"),
                            response.getHeaderString("x-rate-limit-reset"), Instant.now())
                    : Optional.empty());
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
        if ("X".equals(platform) && status == 401) {
            return new Attempt.Unauthorized(truncate(reason));
        }
        if ("Meta".equals(platform) && status >= 400 && status < 500 && MetaErrorCodes.accessTokenRefused(body)) {
            // The page token is expired or revoked: no retry helps; the account is reported failing.
            return new Attempt.Unauthorized(truncate(reason));
        }
        if ("Meta".equals(platform) && status >= 400 && status < 500 && MetaThrottling.throttlingCode(body).isPresent()) {
            // Meta throttles with 400/403 and a rate-limit error code, not 429 (MetaThrottling has the
            // documented codes); retried like a 429, waiting what its usage headers estimate, if anything.
            Optional<java.time.Duration> wait = RetryAfter.parse(response.getHeaderString("Retry-After"), Instant.now())
                    .or(() -> MetaThrottling.regainAccessIn(response.getHeaderString("X-Business-Use-Case-Usage"),
                            response.getHeaderString("X-Page-Usage")));
            return new Attempt.Retryable(truncate(reason + " (rate limited, code "
                    + MetaThrottling.throttlingCode(body).get() + ")"), wait);
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

    /**
     * The platform's own error text: Meta {@code error.message}; X {@code detail}, {@code errors[0].message}
     * or {@code title}; a forum integration a problem's {@code detail} or {@code title}, or {@code message}.
     */
    private Optional<String> errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode json = mapper.readTree(body);
            for (JsonNode candidate : new JsonNode[] { json.path("error").path("message"), json.path("detail"),
                    json.path("errors").path(0).path("message"), json.path("errors").path(0).path("detail"), json.path("title"), json.path("message") }) {
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
