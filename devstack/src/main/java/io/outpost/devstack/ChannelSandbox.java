package io.outpost.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The channel platforms' send APIs for the local run (DESIGN.md, "Running it"): a laptop cannot
 * reach X or Meta, so ingest-service's real clients send here instead and a newcomer sees a reply
 * "delivered". It speaks the documented requests and answers of the calls ingest-service makes —
 * X API v2 {@code POST /2/tweets}, {@code POST /2/dm_conversations/with/{id}/messages} and the OAuth 2.0
 * token endpoint {@code POST /2/oauth2/token}; Graph API {@code POST /{version}/{id}/comments},
 * {@code /{id}/replies} and {@code /me/messages} — and checks what the platforms check.
 *
 * <p>X ({@link XStandIn}, {@link XRules}) is as strict as X documents it: several accounts, each with its own
 * tokens, and every send attributed to the account whose token was used; OAuth 2.0 user tokens that expire
 * (two hours) and refresh tokens that X rotates (a used one is refused); per-account, per-endpoint rate limits
 * with X's {@code x-rate-limit-*} headers and 429; DMs refused (403) to users who do not accept them; replies
 * refused (403) to deleted tweets. An account may also have a static token, the stand-in for the
 * {@code credentialsRef} app setup ingest-service sends with today: it never expires.
 *
 * <p>Meta: the page token and {@code appsecret_proof} (hex HMAC-SHA256 of the token keyed with the app secret); Meta's
 * messaging windows ({@link MetaWindows}: 24 hours after the customer's last message, {@code HUMAN_AGENT} 7 days on a
 * granted page, no message to a person who never wrote, a Private Reply once per comment within 7 days), counted from
 * what customers wrote through the sandbox's customer side ({@link #metaCustomers()}), on unless switched off.
 * It also stands in for a forum's integration at {@code POST /forum/replies}, as strict as ingest-service's forum
 * delivery contract lets one be (its README, "Forum delivery contract"): the signature
 * ({@code X-Outpost-Signature}, hex HMAC-SHA256 of {@code "<X-Outpost-Timestamp>.<raw body>"}) and a
 * timestamp within 5 minutes, else 401; a repeated {@code Idempotency-Key} gets the earlier answer and
 * posts nothing. Everything accepted is kept in memory and listed at {@code GET /sandbox/messages}.
 */
public final class ChannelSandbox implements AutoCloseable {

    /**
     * One message a client sent, as the sandbox understood it. {@code account}: the X account whose token sent
     * it (null for Meta and the forum, whose tokens name no single account here).
     */
    public record Received(String id, String platform, String kind, String target, String text, Instant receivedAt,
            String account) {

        public Received(String id, String platform, String kind, String target, String text, Instant receivedAt) {
            this(id, platform, kind, target, text, receivedAt, null);
        }
    }

    /**
     * One of our X accounts: its X user id, its handle, and optionally a static bearer token — the stand-in for
     * the app setup behind a {@code credentialsRef}, accepted without expiry so that an ingest-service that sends
     * with {@code credentialsRef} keeps working. OAuth tokens come from {@link #issueTokens}.
     */
    public record XAccount(String id, String handle, Optional<String> staticToken) {

        public XAccount {
            java.util.Objects.requireNonNull(id, "id");
            java.util.Objects.requireNonNull(staticToken, "staticToken");
        }

        public XAccount(String id, String handle, String staticToken) {
            this(id, handle, Optional.ofNullable(staticToken));
        }
    }

    /** An access token (valid until {@code expiresAt}) and the refresh token that gets the next pair. */
    public record XTokens(String accessToken, String refreshToken, Instant expiresAt) {

        @Override
        public String toString() {
            return "XTokens[expiresAt=" + expiresAt + "]";
        }
    }

    /** The id and {@code created_at} X gave a tweet (see {@link #recordedTweets}). */
    public record RecordedTweet(String id, Instant createdAt) {

        public RecordedTweet {
            java.util.Objects.requireNonNull(id, "id");
            java.util.Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    /** Test-only: which recorded tweet an accepted one is (see {@link #recordedTweets}). */
    @FunctionalInterface
    public interface RecordedTweets {

        /**
         * @param accountId the X account whose token sent it
         * @param inReplyTo {@code reply.in_reply_to_tweet_id}, null for a tweet that answers nothing
         * @param text      the text sent
         * @return the id and time the tweet is to get; empty: the sandbox's own next id, and now
         */
        Optional<RecordedTweet> identity(String accountId, String inReplyTo, String text);
    }

    private static final ObjectMapper JSON = io.outpost.contracts.EventJson.newMapper();
    private static final Pattern META_OBJECT = Pattern.compile("/(v[0-9.]+)/([^/]+)/(comments|replies|messages)");
    /** Where the local forum account's endpoint points. */
    public static final String FORUM_PATH = "/forum/replies";
    private static final long FORUM_TOLERANCE_SECONDS = 300;
    /** The customer side over HTTP, for the local run ({@link #metaCustomers()}). */
    public static final String CUSTOMER_PATH = "/sandbox/meta/customer-messages";

    private final HttpServer server;
    private final XStandIn x;
    private final String metaToken;
    private final String metaAppSecret;
    private final String forumSecret;
    /** The forum's answers by Idempotency-Key: a repeat gets the same answer, and nothing is posted again. */
    private final Map<String, byte[]> forumAnswers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Meta Private Replies sent, by comment id: one per comment. */
    private final Map<String, String> privateReplies = new ConcurrentHashMap<>();
    private final Map<String, String> xHandles = new ConcurrentHashMap<>();
    /** Where the echoes of what is accepted go; none until {@link #echoTo} (the system tests run without). */
    private volatile PlatformEchoes echoes;
    private volatile String metaPageId;
    /** The Instagram professional account linked to the Meta page, and its username ({@link #linkInstagram}). */
    private volatile String instagramAccountId;
    private volatile String instagramUsername;
    /** Instagram-scoped user ids: a Send API message to one is an Instagram DM, not a Messenger one. */
    private final java.util.Set<String> instagramUsers = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong(1_900_000_000_000_000_000L);
    /** Meta's Business Use Case limits of the page the Meta token belongs to ({@link MetaUsage}). */
    private final MetaUsage metaUsage;
    /** What customers wrote and when, for Meta's messaging window and Private Replies ({@link MetaWindows}). */
    private final MetaWindows metaWindows = new MetaWindows();
    private final MetaCustomers metaCustomers;
    private final java.time.InstantSource clock;
    /** Whether the Send API enforces Meta's windows (on unless switched off: {@link #enforceMessagingWindow}). */
    private volatile boolean messagingWindow = true;

    private ChannelSandbox(HttpServer server, List<XAccount> xAccounts, XRules xRules, String metaToken, String metaAppSecret,
            String forumSecret) {
        this.server = server;
        this.x = new XStandIn(xAccounts, xRules, this::accepted, ids);
        this.metaUsage = new MetaUsage(xRules.clock());
        this.clock = xRules.clock();
        this.metaCustomers = new MetaCustomers(metaAppSecret, xRules.clock(), metaWindows, ids, instagramUsers::add);
        xAccounts.forEach(a -> xHandles.put(a.id(), a.handle()));
        this.metaToken = metaToken;
        this.metaAppSecret = metaAppSecret;
        this.forumSecret = forumSecret;
    }

    /**
     * One X account ({@code 1000000001}, the local run's) whose static token is {@code xToken}, under X's
     * documented rules ({@link XRules#documented()}).
     *
     * @param port          the port on 127.0.0.1 (0 for any free one)
     * @param xToken        the static bearer token the X account sends with
     * @param metaToken     the page access token the Meta accounts send with
     * @param metaAppSecret the app secret {@code appsecret_proof} is keyed with
     * @param forumSecret   the signing secret of the forum account whose endpoint is {@link #FORUM_PATH}
     */
    public static ChannelSandbox start(int port, String xToken, String metaToken, String metaAppSecret, String forumSecret)
            throws IOException {
        return start(port, List.of(new XAccount(LocalChannels.X_ACCOUNT_ID, "OutpostLocal", xToken)), XRules.documented(),
                metaToken, metaAppSecret, forumSecret);
    }

    /**
     * @param port          the port on 127.0.0.1 (0 for any free one)
     * @param xAccounts     our X accounts (ids and static tokens unique)
     * @param xRules        the X rules enforced ({@link XRules#documented()} and its {@code with…} variants)
     * @param metaToken     the page access token the Meta accounts send with
     * @param metaAppSecret the app secret {@code appsecret_proof} is keyed with
     * @param forumSecret   the signing secret of the forum account whose endpoint is {@link #FORUM_PATH}
     */
    public static ChannelSandbox start(int port, List<XAccount> xAccounts, XRules xRules, String metaToken,
            String metaAppSecret, String forumSecret) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        ChannelSandbox sandbox;
        try {
            sandbox = new ChannelSandbox(server, xAccounts, xRules, metaToken, metaAppSecret, forumSecret);
        } catch (RuntimeException e) {
            server.stop(0);
            throw e;
        }
        server.createContext("/", sandbox::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return sandbox;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /**
     * A new OAuth 2.0 token pair for one of the X accounts, as X issues one when the account authorizes our app
     * (the sandbox has no authorization page). The access token expires after
     * {@link XRules#accessTokenLifetime()}; the refresh token works once at {@code POST /2/oauth2/token}.
     */
    public XTokens issueTokens(String xAccountId) {
        return x.issueTokens(xAccountId);
    }

    /**
     * From now on every message the sandbox accepts comes back to ingest-service's webhooks as the platform's
     * echo of it, signed ({@link PlatformEchoes}): X tweets and DMs, Messenger messages and Facebook comments.
     * Instagram DMs and comment replies are echoed once an Instagram account is linked ({@link #linkInstagram}).
     * Not echoed: Private Replies (Meta echoes them in Messenger, to a PSID the sandbox invents), and forum posts
     * (a forum integration has no echo contract).
     *
     * @param echoes     where the echoes go; null: none from now on (a test that switches them on for itself)
     * @param metaPageId the page the Meta token belongs to: the sender of its echoes
     */
    public void echoTo(PlatformEchoes echoes, String metaPageId) {
        this.metaPageId = metaPageId;
        this.echoes = echoes;
    }

    private void accepted(Received message) {
        received.add(message);
        PlatformEchoes to = echoes;
        if (to == null) {
            return;
        }
        switch (message.kind()) {
            case "tweet" -> to.tweet(message.account(), xHandles.getOrDefault(message.account(), message.account()),
                    message.id(), message.text(), message.target(), message.receivedAt());
            case "direct-message" -> to.xDirectMessage(message.account(), message.target(), message.id(), message.text(),
                    message.receivedAt());
            case "message" -> to.messengerEcho(metaPageId, message.target(), message.id(), message.text(), message.receivedAt());
            case "comment" -> to.facebookComment(metaPageId, message.id(), message.target(), message.text(), message.receivedAt());
            case "instagram-message", "instagram-reply" -> {
                String account = instagramAccountId;
                if (account == null) {
                    return; // no linked Instagram account: no one to echo as
                }
                if (message.kind().equals("instagram-message")) {
                    to.instagramEcho(account, message.target(), message.id(), message.text(), message.receivedAt());
                } else {
                    to.instagramComment(account, instagramUsername, message.id(), message.target(), message.text(),
                            message.receivedAt());
                }
            }
            default -> {
                // no echo (see echoTo)
            }
        }
    }

    /**
     * Meta's per-page limit from now on: {@code calls} per use-case type ({@code pages}, {@code messenger},
     * {@code instagram}) in each fixed {@code window} ({@link MetaUsage}; default 4,800 per 24 hours). A call over
     * it is refused with the type's Business Use Case code (80001, 80006, 80002) and
     * {@code estimated_time_to_regain_access} in {@code X-Business-Use-Case-Usage}.
     */
    public void limitMeta(int calls, java.time.Duration window) {
        metaUsage.limit(new MetaUsage.Limit(calls, window));
    }

    /**
     * The Instagram professional account linked to the Meta page (Meta: an Instagram account is reached through
     * its linked Facebook Page, with the page's token): replies at {@code POST /{comment-id}/replies} and DMs to
     * {@link #instagramUser Instagram-scoped ids} are this account's, and are echoed as object {@code instagram}.
     */
    public void linkInstagram(String accountId, String username) {
        this.instagramUsername = username;
        this.instagramAccountId = accountId;
    }

    /**
     * Marks an Instagram-scoped user id (IGSID). Meta scopes user ids per platform, so it knows a Send API
     * recipient is an Instagram user; the sandbox, which sees no customer messages, is told.
     */
    public void instagramUser(String igsid) {
        instagramUsers.add(igsid);
    }

    /**
     * The customer side of Meta: a customer writes to a page or Instagram account (Messenger or Instagram DM, a
     * comment), the sandbox notes when and delivers it to ingest-service's {@code /webhooks/meta}, signed with the app
     * secret ({@link MetaCustomers}; {@code deliverTo(ingestUrl)} first). What the Send API then allows counts from
     * these times ({@link #enforceMessagingWindow}).
     */
    public MetaCustomers metaCustomers() {
        return metaCustomers;
    }

    /**
     * Whether the Send API enforces Meta's windows ({@link MetaWindows}): a message only to a person who wrote to the
     * page, within 24 hours of their last message ({@code RESPONSE}), or 7 days with the {@code HUMAN_AGENT} tag on a
     * page granted it; a Private Reply only to a comment written through {@link #metaCustomers()}, within 7 days of it.
     * <b>On by default.</b> Off: any recipient and any comment is accepted, at any age (one Private Reply per comment
     * still) — for a suite whose customers' messages reach ingest-service directly, so the sandbox never learns of
     * them (system-tests' {@code RunningSuite}).
     */
    public void enforceMessagingWindow(boolean on) {
        this.messagingWindow = on;
    }

    /**
     * Meta's Human Agent permission for the page or Instagram account {@code accountId} (granted to an app on App
     * Review): a {@code MESSAGE_TAG} / {@code HUMAN_AGENT} message to a person who wrote to it is accepted up to 7
     * days after their last message. Without it the tag is refused like any message outside the 24 hours.
     */
    public void grantHumanAgent(String accountId) {
        metaWindows.grantHumanAgent(accountId);
    }

    /**
     * One more of our X accounts, known from now on (a brand's further handle in a test); it sends with the
     * OAuth pair {@link #issueTokens} gives it. Its tweets and DMs are its own, like the start's accounts'.
     */
    public void addXAccount(String accountId, String handle) {
        x.addAccount(accountId);
        xHandles.put(accountId, handle);
    }

    /**
     * <b>Test-only</b>, for replaying recorded conversations (system-tests' {@code ConversationReplayTest}): from now
     * on each tweet the X side accepts asks {@code recorded} which tweet of the recording it is, and gets that
     * tweet's id and {@code created_at} instead of a new id and now — in the answer to {@code POST /2/tweets}, in
     * {@link #received()} and in its echo. So a reply sent through Outpost today is, on the platform, the reply
     * the brand sent in 2017, and a first response measured from its platform time is the recording's. X never
     * lets a client choose either; nothing outside a replay should call this. {@code null} switches it off.
     */
    public void recordedTweets(RecordedTweets recorded) {
        x.recordedTweets(recorded);
    }

    /** From now on a reply to this tweet is refused as a reply to a deleted tweet (403). */
    public void deleteTweet(String tweetId) {
        x.deleteTweet(tweetId);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && "/sandbox/messages".equals(path)) {
                send(exchange, 200, JSON.writeValueAsBytes(new ArrayList<>(received)));
            } else if (path.startsWith("/2/") && ("POST".equals(method) || XStandIn.TOKEN_PATH.equals(path))) {
                x.handle(exchange, path);
            } else if ("POST".equals(method) && META_OBJECT.matcher(path).matches()) {
                handleMeta(exchange, path);
            } else if ("POST".equals(method) && CUSTOMER_PATH.equals(path)) {
                handleCustomer(exchange);
            } else if ("POST".equals(method) && FORUM_PATH.equals(path)) {
                handleForum(exchange);
            } else {
                send(exchange, 404, error("not a call the sandbox knows: " + method + " " + path));
            }
        }
    }

    private void handleMeta(HttpExchange exchange, String path) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String proof = queryParameter(exchange.getRequestURI(), "appsecret_proof");
        if (!("Bearer " + metaToken).equals(authorization)) {
            send(exchange, 400, metaError("Invalid OAuth access token.", 190));
            return;
        }
        if (proof == null || !MessageDigest.isEqual(proof.getBytes(StandardCharsets.US_ASCII),
                Signatures.hmacHex(metaAppSecret, metaToken).getBytes(StandardCharsets.US_ASCII))) {
            send(exchange, 400, metaError("Invalid appsecret_proof provided in the API argument", 100));
            return;
        }
        Matcher m = META_OBJECT.matcher(path);
        m.matches();
        // Graph API rate limiting, "Business Use Case Rate Limits": a Page token's calls count against the page,
        // per use-case type, and every answer says how much is used (MetaUsage). The call counts before its
        // body is checked, as Meta counts a refused call too.
        JsonNode body = readJson(exchange);
        String to = body == null ? null : body.path("recipient").path("id").asText(null);
        String useCase = "messages".equals(m.group(3)) ? (to != null && instagramUsers.contains(to) ? "instagram" : "messenger")
                : "comments".equals(m.group(3)) ? "pages" : "instagram";
        MetaUsage.Answer usage = metaUsage.call(metaPageId != null ? metaPageId : LocalChannels.META_PAGE_ID, useCase);
        exchange.getResponseHeaders().add("X-Business-Use-Case-Usage", usage.businessUseCaseUsage());
        if (usage.refused()) {
            send(exchange, 400, metaError(usage.message(), usage.code()));
            return;
        }
        String id = Long.toString(ids.incrementAndGet());
        if ("messages".equals(m.group(3))) {
            String recipient = body == null ? null : body.path("recipient").path("id").asText(null);
            String comment = body == null ? null : body.path("recipient").path("comment_id").asText(null);
            String text = body == null ? null : body.path("message").path("text").asText(null);
            if (!"me".equals(m.group(2)) || (recipient == null) == (comment == null) || text == null) {
                send(exchange, 400, metaError("(#100) one of recipient.id or recipient.comment_id, and message.text,"
                        + " are required", 100));
                return;
            }
            if (comment != null) {
                // Messenger Platform, "Private Replies" (Limitations): the comment must be one Meta knows, at most 7
                // days old (MetaWindows, when enforced), and only one message can be sent to the person who commented.
                Optional<MetaWindows.Refusal> late = messagingWindow ? metaWindows.privateReply(comment, clock.instant())
                        : Optional.empty();
                if (late.isPresent()) {
                    send(exchange, 400, metaError(late.get()));
                    return;
                }
                if (privateReplies.putIfAbsent(comment, "m_" + id) != null) {
                    send(exchange, 400, metaError("(#10900) Activity already replied to", 10900));
                    return;
                }
                accepted(new Received("m_" + id, "meta", "private-reply", comment, text, Instant.now()));
                // Meta answers with the commenter's page-scoped id, the recipient of later messages.
                send(exchange, 200, JSON.writeValueAsBytes(JSON.createObjectNode()
                        .put("recipient_id", "psid-" + Integer.toHexString(comment.hashCode())).put("message_id", "m_" + id)));
                return;
            }
            if (messagingWindow) {
                // Send API reference: messaging_type is required; MESSAGE_TAG needs a tag. Then the windows
                // (MetaWindows: 24 hours, HUMAN_AGENT 7 days on a granted page, never to a person who did not write).
                String type = body.path("messaging_type").asText("");
                String tag = body.path("tag").asText(null);
                if (!java.util.Set.of("RESPONSE", "UPDATE", "MESSAGE_TAG").contains(type)
                        || ("MESSAGE_TAG".equals(type) != (tag != null))) {
                    send(exchange, 400, metaError("(#100) messaging_type must be RESPONSE, UPDATE or MESSAGE_TAG, and a tag"
                            + " is given with MESSAGE_TAG only", 100));
                    return;
                }
                if (tag != null && !"HUMAN_AGENT".equals(tag)) {
                    // The other tags (ACCOUNT_UPDATE, CONFIRMED_EVENT_UPDATE, POST_PURCHASE_UPDATE) are not Outpost's.
                    send(exchange, 400, metaError("(#100) the sandbox knows the tag HUMAN_AGENT only, not " + tag, 100));
                    return;
                }
                Optional<MetaWindows.Refusal> refusal = metaWindows.message(recipient, type, tag, clock.instant());
                if (refusal.isPresent()) {
                    send(exchange, 400, metaError(refusal.get()));
                    return;
                }
            }
            accepted(new Received("m_" + id, "meta", instagramUsers.contains(recipient) ? "instagram-message" : "message",
                    recipient, text, Instant.now()));
            send(exchange, 200, JSON.writeValueAsBytes(
                    JSON.createObjectNode().put("recipient_id", recipient).put("message_id", "m_" + id)));
        } else {
            String text = body == null ? null : body.path("message").asText(null);
            if (text == null || text.isEmpty()) {
                send(exchange, 400, metaError("(#100) message is required", 100));
                return;
            }
            String commentId = m.group(2) + "_" + id;
            accepted(new Received(commentId, "meta", m.group(3).equals("comments") ? "comment" : "instagram-reply",
                    m.group(2), text, Instant.now()));
            send(exchange, 200, JSON.writeValueAsBytes(JSON.createObjectNode().put("id", commentId)));
        }
    }

    private void handleForum(HttpExchange exchange) throws IOException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readNBytes(1 << 20);
        }
        String timestamp = exchange.getRequestHeaders().getFirst("X-Outpost-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Outpost-Signature");
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (timestamp == null || !timestamp.matches("[0-9]{1,12}") || signature == null) {
            send(exchange, 401, problem(401, "X-Outpost-Timestamp and X-Outpost-Signature are required"));
            return;
        }
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > FORUM_TOLERANCE_SECONDS) {
            send(exchange, 401, problem(401, "timestamp outside the 5-minute tolerance (a replay, or a clock far off)"));
            return;
        }
        // An independent implementation of the signature (not ingest-service's): a sender that signs the
        // wrong text fails here even if it agrees with itself.
        byte[] signed = new byte[timestamp.length() + 1 + raw.length];
        System.arraycopy((timestamp + ".").getBytes(StandardCharsets.US_ASCII), 0, signed, 0, timestamp.length() + 1);
        System.arraycopy(raw, 0, signed, timestamp.length() + 1, raw.length);
        String expected = "sha256=" + Signatures.hmacHex(forumSecret, signed);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            send(exchange, 401, problem(401, "signature does not match"));
            return;
        }
        if (key == null || key.isBlank()) {
            send(exchange, 400, problem(400, "Idempotency-Key is required"));
            return;
        }
        byte[] earlier = forumAnswers.get(key);
        if (earlier != null) {
            send(exchange, 200, earlier);
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(raw);
        } catch (IOException e) {
            body = null;
        }
        String kind = body == null ? "" : body.path("kind").asText("");
        String text = body == null ? null : body.path("text").asText(null);
        String inReplyTo = body == null || body.path("inReplyTo").isNull() ? null : body.path("inReplyTo").asText(null);
        if (body == null || !key.equals(body.path("messageId").asText(null)) || !(kind.equals("reply") || kind.equals("post"))
                || text == null || text.isBlank() || (kind.equals("reply") && inReplyTo == null)) {
            send(exchange, 400, problem(400, "expected {messageId (= Idempotency-Key), kind reply|post, inReplyTo for a reply, text}"));
            return;
        }
        String id = "forum-" + ids.incrementAndGet();
        byte[] answer = JSON.writeValueAsBytes(JSON.createObjectNode().put("id", id));
        if (forumAnswers.putIfAbsent(key, answer) != null) {
            send(exchange, 200, forumAnswers.get(key));
            return;
        }
        accepted(new Received(id, "forum", kind, inReplyTo, text, Instant.now()));
        send(exchange, 201, answer);
    }

    private static byte[] problem(int status, String detail) throws IOException {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("title", status == 401 ? "Unauthorized" : "Bad Request")
                .put("status", status).put("detail", detail));
    }

    static JsonNode readJson(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            return JSON.readTree(in.readNBytes(1 << 20));
        } catch (IOException e) {
            return null;
        }
    }

    private static String queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static byte[] error(String detail) throws IOException {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("title", "Invalid Request").put("detail", detail));
    }

    /** A Graph API error with a subcode, as the Send API answers a window or recipient refusal. */
    private static byte[] metaError(MetaWindows.Refusal refusal) throws IOException {
        ObjectNode error = JSON.createObjectNode().put("message", refusal.message()).put("type", "OAuthException")
                .put("code", refusal.code()).put("error_subcode", refusal.subcode())
                .put("fbtrace_id", "sandbox-" + Long.toHexString(System.nanoTime()));
        return JSON.writeValueAsBytes(JSON.createObjectNode().set("error", error));
    }

    /**
     * {@code POST /sandbox/meta/customer-messages}: the customer side over HTTP (the local run's curl). Body
     * {@code {"platform": "messenger"|"instagram"|"facebook-comment"|"instagram-comment", "account": our page or
     * Instagram account id, "from": the customer's id, "text", and for comments "post" (the post or media) and
     * "name"}}; answers {@code 200 {"id"}} once ingest-service took it, 502 when it did not.
     */
    private void handleCustomer(HttpExchange exchange) throws IOException {
        JsonNode body = readJson(exchange);
        String platform = body == null ? "" : body.path("platform").asText("");
        String account = body == null ? null : body.path("account").asText(null);
        String from = body == null ? null : body.path("from").asText(null);
        String text = body == null ? null : body.path("text").asText(null);
        String post = body == null ? null : body.path("post").asText(null);
        String name = body == null ? null : body.path("name").asText(from);
        boolean comment = platform.endsWith("-comment");
        if (account == null || from == null || text == null || (comment && post == null)
                || !java.util.Set.of("messenger", "instagram", "facebook-comment", "instagram-comment").contains(platform)) {
            send(exchange, 400, problem(400, "expected {platform: messenger|instagram|facebook-comment|instagram-comment,"
                    + " account, from, text, and post (and name) for a comment}"));
            return;
        }
        try {
            String id = switch (platform) {
                case "messenger" -> metaCustomers.messenger(account, from, text);
                case "instagram" -> metaCustomers.instagramDm(account, from, text);
                case "facebook-comment" -> metaCustomers.facebookComment(account, post, from, name, text);
                default -> metaCustomers.instagramComment(account, post, from, name, text);
            };
            send(exchange, 200, JSON.writeValueAsBytes(JSON.createObjectNode().put("id", id)));
        } catch (IllegalStateException e) {
            send(exchange, 502, JSON.writeValueAsBytes(JSON.createObjectNode().put("title", "Bad Gateway").put("status", 502)
                    .put("detail", e.getMessage())));
        }
    }

    private static byte[] metaError(String message, int code) throws IOException {
        ObjectNode error = JSON.createObjectNode().put("message", message).put("type", "OAuthException").put("code", code);
        return JSON.writeValueAsBytes(JSON.createObjectNode().set("error", error));
    }

    static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
