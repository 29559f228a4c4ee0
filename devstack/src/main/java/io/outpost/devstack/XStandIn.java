package io.outpost.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The X side of the {@link ChannelSandbox}: X API v2's {@code POST /2/tweets} and
 * {@code POST /2/dm_conversations/with/:participant_id/messages}, and the OAuth 2.0 token endpoint
 * {@code POST /2/oauth2/token}, as strict as X documents them. Each check names the X rule it stands
 * for; the devstack README has them in a table with where X documents them.
 */
final class XStandIn {

    static final String TOKEN_PATH = "/2/oauth2/token";
    private static final String TWEETS = "POST /2/tweets";
    private static final String DMS = "POST /2/dm_conversations/with/:participant_id/messages";
    private static final Pattern X_DM = Pattern.compile("/2/dm_conversations/with/([^/]+)/messages");
    private static final ObjectMapper JSON = io.outpost.contracts.EventJson.newMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Grant(String accountId, Instant expiresAt) {
    }

    /** A fixed window of one account's requests to one endpoint. */
    private record Window(Instant resetAt, int used) {
    }

    /** What the rate-limit headers say about one request, and whether it was refused. */
    private record Quota(int limit, int remaining, long resetEpochSecond, boolean exhausted) {
    }

    private final XRules rules;
    private final Consumer<ChannelSandbox.Received> sink;
    private final AtomicLong ids;
    /** Static token (the credentialsRef stand-in) → account id: never expires. */
    private final Map<String, String> staticTokens = new HashMap<>();
    /** Our X accounts' ids: those of the start, and any added later ({@link #addAccount}). */
    private final Set<String> accounts = ConcurrentHashMap.newKeySet();
    /** Test-only (see {@link ChannelSandbox#recordedTweets}): the id and time an accepted tweet gets; null: ours. */
    private volatile ChannelSandbox.RecordedTweets recordedTweets;
    private final Map<String, Grant> accessTokens = new ConcurrentHashMap<>();
    /** Refresh token → account id; removed when used (X rotates refresh tokens). */
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new HashMap<>();
    private final Set<String> deletedTweets = ConcurrentHashMap.newKeySet();

    XStandIn(List<ChannelSandbox.XAccount> xAccounts, XRules rules, Consumer<ChannelSandbox.Received> sink, AtomicLong ids) {
        this.rules = rules;
        this.sink = sink;
        this.ids = ids;
        Set<String> known = new java.util.LinkedHashSet<>();
        for (ChannelSandbox.XAccount account : xAccounts) {
            if (!known.add(account.id())) {
                throw new IllegalArgumentException("two X accounts with id " + account.id());
            }
            account.staticToken().ifPresent(token -> {
                if (staticTokens.putIfAbsent(token, account.id()) != null) {
                    throw new IllegalArgumentException("two X accounts with the same static token");
                }
            });
        }
        this.accounts.addAll(known);
        deletedTweets.addAll(rules.deletedTweets());
        rules.tokenStore().filter(Files::exists).ifPresent(this::load);
    }

    /** A new token pair for one of the accounts, as X's authorization step would issue it. */
    ChannelSandbox.XTokens issueTokens(String accountId) {
        if (!accounts.contains(accountId)) {
            throw new IllegalArgumentException("not an X account of this sandbox: " + accountId);
        }
        ChannelSandbox.XTokens tokens = newPair(accountId);
        save();
        return tokens;
    }

    /** One more of our X accounts (no static token: it sends with the OAuth pair {@link #issueTokens} gives it). */
    void addAccount(String accountId) {
        if (!accounts.add(accountId)) {
            throw new IllegalArgumentException("two X accounts with id " + accountId);
        }
    }

    void recordedTweets(ChannelSandbox.RecordedTweets recorded) {
        this.recordedTweets = recorded;
    }

    void deleteTweet(String tweetId) {
        deletedTweets.add(tweetId);
    }

    void handle(HttpExchange exchange, String path) throws IOException {
        if (TOKEN_PATH.equals(path)) {
            refresh(exchange);
            return;
        }
        String accountId = account(exchange.getRequestHeaders().getFirst("Authorization"));
        if (accountId == null) {
            // X: an unknown, revoked or expired user token is 401 with this problem body (no rate-limit headers:
            // the request names no user).
            ChannelSandbox.send(exchange, 401, problem("Unauthorized", "about:blank", 401, "Unauthorized"));
            return;
        }
        Matcher dm = X_DM.matcher(path);
        boolean tweet = "/2/tweets".equals(path);
        if (!tweet && !dm.matches()) {
            ChannelSandbox.send(exchange, 404, ChannelSandbox.error("not an X call the sandbox knows: " + path));
            return;
        }
        // X rate limits: per user (the account whose token is used) and per endpoint, in fixed windows; every
        // answer to a user-context request carries x-rate-limit-limit/-remaining/-reset (epoch seconds), and an
        // exhausted window is 429 until the reset. A refused request (400/403) counts like any other.
        Quota quota = take(accountId, tweet ? TWEETS : DMS, tweet ? rules.tweets() : rules.directMessages());
        exchange.getResponseHeaders().add("x-rate-limit-limit", Integer.toString(quota.limit()));
        exchange.getResponseHeaders().add("x-rate-limit-remaining", Integer.toString(quota.remaining()));
        exchange.getResponseHeaders().add("x-rate-limit-reset", Long.toString(quota.resetEpochSecond()));
        if (quota.exhausted()) {
            ChannelSandbox.send(exchange, 429, problem("Too Many Requests", "about:blank", 429, "Too Many Requests"));
            return;
        }
        JsonNode body = ChannelSandbox.readJson(exchange);
        String text = body == null ? null : body.path("text").asText(null);
        if (text == null || text.isEmpty()) {
            ChannelSandbox.send(exchange, 400, ChannelSandbox.error("text is required"));
            return;
        }
        String id = Long.toString(ids.incrementAndGet());
        ObjectNode data = JSON.createObjectNode();
        if (tweet) {
            if (text.codePointCount(0, text.length()) > 280) {
                ChannelSandbox.send(exchange, 400, ChannelSandbox.error("Your Tweet text is too long."));
                return;
            }
            String inReplyTo = body.path("reply").path("in_reply_to_tweet_id").asText(null);
            // X: a reply to a Tweet that is deleted or not visible to the account fails with 403 (v1.1 error
            // code 385, "You attempted to reply to a Tweet that is deleted or not visible to you."). The sandbox
            // cannot know which customer tweets exist (they reach ingest-service by webhook, never through
            // here), so every id exists except the ones marked deleted.
            if (inReplyTo != null && deletedTweets.contains(inReplyTo)) {
                ChannelSandbox.send(exchange, 403, problem("Forbidden", "about:blank", 403,
                        "You attempted to reply to a Tweet that is deleted or not visible to you."));
                return;
            }
            // Test-only: a replay of recorded conversations gives the tweet the id and created_at it had.
            ChannelSandbox.RecordedTweets recorded = recordedTweets;
            Optional<ChannelSandbox.RecordedTweet> as = recorded == null ? Optional.empty()
                    : recorded.identity(accountId, inReplyTo, text);
            String tweetId = as.map(ChannelSandbox.RecordedTweet::id).orElse(id);
            Instant createdAt = as.map(ChannelSandbox.RecordedTweet::createdAt).orElseGet(Instant::now);
            sink.accept(new ChannelSandbox.Received(tweetId, "x", "tweet", inReplyTo, text, createdAt, accountId));
            data.put("id", tweetId).put("text", text);
        } else {
            String participant = dm.group(1);
            // X: a user whose settings do not accept DMs from the sender refuses them with 403 Forbidden.
            if (rules.usersNotAcceptingDms().contains(participant)) {
                ChannelSandbox.send(exchange, 403, problem("Forbidden", "about:blank", 403,
                        "You are not permitted to send a DM to this user."));
                return;
            }
            sink.accept(new ChannelSandbox.Received(id, "x", "direct-message", participant, text, Instant.now(), accountId));
            // X: a one-to-one conversation's id is "<smaller user id>-<larger user id>".
            data.put("dm_conversation_id", conversationId(accountId, participant)).put("dm_event_id", id);
        }
        ChannelSandbox.send(exchange, 201, JSON.writeValueAsBytes(JSON.createObjectNode().set("data", data)));
    }

    /**
     * X's refresh-token grant (OAuth 2.0 Authorization Code Flow with PKCE, "Refresh tokens"): a form
     * {@code grant_type=refresh_token&refresh_token=…&client_id=…}; a confidential client authenticates with
     * HTTP Basic {@code client_id:client_secret}. The answer is a new access token and a new refresh token;
     * the refresh token used is spent.
     */
    private void refresh(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            ChannelSandbox.send(exchange, 405, oauthError("invalid_request", "POST only"));
            return;
        }
        Map<String, String> form = form(exchange);
        if (!clientAuthenticated(exchange.getRequestHeaders().getFirst("Authorization"), form.get("client_id"))) {
            // X: a confidential client without (or with a wrong) Basic header, or an unknown client id, is 401
            // unauthorized_client.
            ChannelSandbox.send(exchange, 401, oauthError("unauthorized_client", "Missing valid authorization header"));
            return;
        }
        if (!"refresh_token".equals(form.get("grant_type"))) {
            // RFC 6749 §5.2. The sandbox has no authorization page: initial tokens come from issueTokens.
            ChannelSandbox.send(exchange, 400, oauthError("unsupported_grant_type",
                    "the sandbox serves grant_type=refresh_token only (initial tokens come from ChannelSandbox.issueTokens)"));
            return;
        }
        String used = form.get("refresh_token");
        // X rotates refresh tokens: the one used is invalid afterwards, and a reuse (or an unknown token) is
        // 400 invalid_request. remove() lets exactly one of two concurrent uses win.
        String accountId = used == null ? null : refreshTokens.remove(used);
        if (accountId == null) {
            ChannelSandbox.send(exchange, 400, oauthError("invalid_request", "Value passed for the token was invalid."));
            return;
        }
        ChannelSandbox.XTokens tokens = newPair(accountId);
        save();
        ObjectNode answer = JSON.createObjectNode().put("token_type", "bearer")
                .put("expires_in", rules.accessTokenLifetime().toSeconds()).put("access_token", tokens.accessToken())
                .put("scope", XRules.SCOPE).put("refresh_token", tokens.refreshToken());
        ChannelSandbox.send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    private boolean clientAuthenticated(String authorization, String formClientId) {
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return false;
            }
            // RFC 6749 §2.3.1: id and secret are form-encoded before Base64.
            String id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            return equal(id, rules.clientId()) && (formClientId == null || equal(formClientId, rules.clientId()))
                    && rules.clientSecret().map(s -> equal(secret, s)).orElse(true);
        }
        // Without Basic: only a public client, named in the form.
        return rules.clientSecret().isEmpty() && formClientId != null && equal(formClientId, rules.clientId());
    }

    /** The account a bearer token acts for: a static token, or an access token that has not expired. */
    private String account(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String token = authorization.substring(7);
        String account = staticTokens.get(token);
        if (account != null) {
            return account;
        }
        Grant grant = accessTokens.get(token);
        // X: access tokens from the Authorization Code Flow with PKCE are valid for two hours.
        return grant != null && rules.clock().instant().isBefore(grant.expiresAt()) ? grant.accountId() : null;
    }

    private synchronized Quota take(String accountId, String endpoint, XRules.RateLimit limit) {
        Instant now = rules.clock().instant();
        String key = accountId + " " + endpoint;
        Window window = windows.get(key);
        if (window == null || !now.isBefore(window.resetAt())) {
            window = new Window(now.plus(limit.window()), 0);
        }
        boolean exhausted = window.used() >= limit.requests();
        if (!exhausted) {
            window = new Window(window.resetAt(), window.used() + 1);
        }
        windows.put(key, window);
        long reset = window.resetAt().getEpochSecond() + (window.resetAt().getNano() > 0 ? 1 : 0);
        return new Quota(limit.requests(), limit.requests() - window.used(), reset, exhausted);
    }

    private ChannelSandbox.XTokens newPair(String accountId) {
        String access = randomToken();
        String refresh = randomToken();
        Instant expiresAt = rules.clock().instant().plus(rules.accessTokenLifetime());
        accessTokens.put(access, new Grant(accountId, expiresAt));
        refreshTokens.put(refresh, accountId);
        return new ChannelSandbox.XTokens(access, refresh, expiresAt);
    }

    private static String randomToken() {
        byte[] bytes = new byte[48];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String conversationId(String a, String b) {
        boolean numeric = a.matches("[0-9]{1,19}") && b.matches("[0-9]{1,19}");
        boolean aFirst = numeric ? new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b)) <= 0 : a.compareTo(b) <= 0;
        return aFirst ? a + "-" + b : b + "-" + a;
    }

    /** Issued tokens, kept in the token store so that a restarted local run still knows what ingest-service holds. */
    private synchronized void save() {
        Optional<Path> file = rules.tokenStore();
        if (file.isEmpty()) {
            return;
        }
        Instant now = rules.clock().instant();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode access = root.putObject("accessTokens");
        accessTokens.forEach((token, grant) -> {
            if (now.isBefore(grant.expiresAt())) {
                access.putObject(token).put("account", grant.accountId()).put("expiresAt", grant.expiresAt().toString());
            }
        });
        ObjectNode refresh = root.putObject("refreshTokens");
        refreshTokens.forEach(refresh::put);
        try {
            Path target = file.get();
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
            Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the sandbox's X tokens in " + file.get(), e);
        }
    }

    private void load(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            root.path("accessTokens").properties().forEach(e -> {
                String account = e.getValue().path("account").asText();
                if (accounts.contains(account)) {
                    accessTokens.put(e.getKey(), new Grant(account, Instant.parse(e.getValue().path("expiresAt").asText())));
                }
            });
            root.path("refreshTokens").properties().forEach(e -> {
                if (accounts.contains(e.getValue().asText())) {
                    refreshTokens.put(e.getKey(), e.getValue().asText());
                }
            });
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not read the sandbox's X tokens from " + file + " (delete it to start afresh)", e);
        }
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
        }
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] problem(String title, String type, int status, String detail) throws IOException {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("title", title).put("type", type).put("status", status)
                .put("detail", detail));
    }

    private static byte[] oauthError(String error, String description) throws IOException {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("error", error).put("error_description", description));
    }
}
