package io.outpost.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The brand's channel accounts of the local run: two X accounts (a main and a regional handle, each with its
 * own credentials), a Facebook page (also used for Messenger) and a forum account whose sends go to the
 * {@link ChannelSandbox}. Their credentials are local stand-ins that only the sandbox accepts. Public for the
 * system tests, which run the suite the same way.
 */
public final class LocalChannels {

    /** The local X account's platform id: webhook deliveries name it as {@code for_user_id}. */
    public static final String X_ACCOUNT_ID = "1000000001";
    /** The local X account's credentials reference (its token is in {@link #ingestConfig}). */
    public static final String X_CREDENTIALS_REF = "local-sandbox/x";
    /** The second local X account (a regional handle, OutpostLocalUK): its own credentials, its sends its own. */
    public static final String X_UK_ACCOUNT_ID = "1000000002";
    /** The second X account's credentials reference (its token is in {@link #ingestConfig}). */
    public static final String X_UK_CREDENTIALS_REF = "local-sandbox/x-uk";
    /**
     * The client id of the local X app (a confidential client: ingest-service authenticates at
     * {@code POST /2/oauth2/token} with HTTP Basic id:secret, as X requires of a web app or bot).
     */
    public static final String X_CLIENT_ID = "outpost-local-x-app";

    /**
     * The X accounts' static tokens: the stand-in for the app setup behind {@code credentialsRef}. They never expire
     * (X's user tokens do: the OAuth pair from {@link ChannelSandbox#issueTokens} is the real thing).
     */
    static final String X_TOKEN = "local-sandbox-x-user-token";
    static final String X_UK_TOKEN = "local-sandbox-x-uk-user-token";
    static final String X_CLIENT_SECRET = "local-sandbox-x-client-secret";
    static final String META_TOKEN = "local-sandbox-meta-page-token";
    /** The local forum account's signing secret: a local stand-in that only the sandbox accepts. */
    static final String FORUM_SECRET = "local-sandbox-forum-signing-secret-0001";
    /** The local forum account's platform id (the forum user our replies are posted as). */
    public static final String FORUM_ACCOUNT_ID = "outpost-local-team";
    /** The local Facebook page (also answering Messenger): the sender of the sandbox's Meta echoes. */
    public static final String META_PAGE_ID = "2000000001";
    /**
     * The key ingest-service seals account secrets with in the local run (base64 of 32 bytes). A local
     * stand-in like the tokens above: it seals only the sandbox's forum secret, and is the same on every
     * start so the secret stored by an earlier run still opens. Never use it outside the local run.
     */
    static final String SECRET_KEY = "bG9jYWwtb3V0cG9zdC1zYW5kYm94LXNlYWxpbmdrZXk=";

    /** channel, platform account id, handle, display name, credentials reference. */
    private static final List<List<String>> ACCOUNTS = List.of(
            List.of("x", X_ACCOUNT_ID, "OutpostLocal", "Outpost Local Support", X_CREDENTIALS_REF),
            List.of("x", X_UK_ACCOUNT_ID, "OutpostLocalUK", "Outpost Local Support UK", X_UK_CREDENTIALS_REF),
            List.of("facebook", META_PAGE_ID, "OutpostLocal", "Outpost Local Support", "local-sandbox/meta"),
            List.of("messenger", META_PAGE_ID, "OutpostLocal", "Outpost Local Support", "local-sandbox/meta"));

    private static final ObjectMapper JSON = io.outpost.contracts.EventJson.newMapper();

    private LocalChannels() {
    }

    /**
     * A sandbox that accepts exactly these accounts' credentials (and Meta's proof keyed with {@code metaAppSecret}),
     * under X's documented rules ({@link XRules#documented()}: two-hour tokens, X's per-user rate limits).
     */
    public static ChannelSandbox startSandbox(int port, String metaAppSecret) throws IOException {
        return startSandbox(port, metaAppSecret, XRules.documented());
    }

    /** The same under other X rules (shorter token lifetimes, other limits, a token store); the client is always ours. */
    public static ChannelSandbox startSandbox(int port, String metaAppSecret, XRules xRules) throws IOException {
        List<ChannelSandbox.XAccount> xAccounts = List.of(new ChannelSandbox.XAccount(X_ACCOUNT_ID, "OutpostLocal", X_TOKEN),
                new ChannelSandbox.XAccount(X_UK_ACCOUNT_ID, "OutpostLocalUK", X_UK_TOKEN));
        ChannelSandbox sandbox = ChannelSandbox.start(port, xAccounts, xRules.withClient(X_CLIENT_ID, X_CLIENT_SECRET),
                META_TOKEN, metaAppSecret, FORUM_SECRET);
        // The local page's app holds Meta's Human Agent permission, and ingest-service is told so (ingestConfig).
        sandbox.grantHumanAgent(META_PAGE_ID);
        return sandbox;
    }

    /** ingest-service's configuration: the platforms' base URLs point at the sandbox. */
    public static Map<String, String> ingestConfig(String sandboxUrl) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("outpost.outbound.x.base-url", sandboxUrl);
        config.put("outpost.outbound.meta.base-url", sandboxUrl);
        config.put("outpost.credentials.\"local-sandbox/x\".token", X_TOKEN);
        config.put("outpost.credentials.\"local-sandbox/x-uk\".token", X_UK_TOKEN);
        config.put("outpost.credentials.\"local-sandbox/meta\".token", META_TOKEN);
        config.put("outpost.channel-accounts.secret-key", SECRET_KEY);
        // The local page may answer a person up to 7 days after their last message with the HUMAN_AGENT tag.
        config.put("outpost.outbound.meta.human-agent-accounts", META_PAGE_ID);
        config.putAll(ingestOAuthConfig());
        return config;
    }

    /**
     * ingest-service's configuration for keeping X's OAuth 2.0 user tokens fresh: the local X app's client id and
     * secret (a confidential client: ingest refreshes at {@code outpost.outbound.x.base-url} + {@code /2/oauth2/token},
     * here the sandbox, with HTTP Basic). Part of {@link #ingestConfig}.
     */
    public static Map<String, String> ingestOAuthConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("outpost.outbound.x.client-id", X_CLIENT_ID);
        config.put("outpost.outbound.x.client-secret", X_CLIENT_SECRET);
        return config;
    }

    /** Registers the X and Meta accounts with ingest-service (409, already registered by an earlier run, is fine). */
    public static void register(String ingestUrl, String adminToken) throws IOException, InterruptedException {
        registerAccounts(ingestUrl, adminToken, null);
    }

    /** Also the forum account, whose replies go to the sandbox's forum endpoint, signed with its secret. */
    public static void register(String ingestUrl, String adminToken, String sandboxUrl) throws IOException, InterruptedException {
        register(ingestUrl, adminToken);
        registerForum(ingestUrl, adminToken, sandboxUrl);
    }

    /**
     * As {@link #register(String, String, String)}, the X accounts also with an OAuth 2.0 token pair the sandbox
     * issues ({@code "oauth": {"accessToken", "refreshToken", "expiresAt"}}), beside the {@code credentialsRef} they
     * keep (an ingest-service that does not know {@code oauth} ignores it and sends with the static token). Needs
     * {@link #ingestOAuthConfig} in ingest-service's configuration, or ingest cannot refresh the tokens it is given.
     * An account registered before (409) keeps the tokens it has: the sandbox's token store remembers them.
     */
    public static void registerWithOAuth(String ingestUrl, String adminToken, ChannelSandbox sandbox)
            throws IOException, InterruptedException {
        registerAccounts(ingestUrl, adminToken, sandbox);
        registerForum(ingestUrl, adminToken, sandbox.baseUrl());
    }

    private static void registerAccounts(String ingestUrl, String adminToken, ChannelSandbox tokensFrom)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (List<String> a : ACCOUNTS) {
            ObjectNode account = JSON.createObjectNode().put("channel", a.get(0)).put("platformAccountId", a.get(1))
                    .put("handle", a.get(2)).put("displayName", a.get(3)).put("credentialsRef", a.get(4));
            if (tokensFrom != null && "x".equals(a.get(0))) {
                ChannelSandbox.XTokens tokens = tokensFrom.issueTokens(a.get(1));
                account.putObject("oauth").put("accessToken", tokens.accessToken()).put("refreshToken", tokens.refreshToken())
                        .put("expiresAt", tokens.expiresAt().toString());
            }
            post(http, ingestUrl, adminToken, a.get(0), JSON.writeValueAsString(account));
        }
    }

    private static void registerForum(String ingestUrl, String adminToken, String sandboxUrl)
            throws IOException, InterruptedException {
        String json = """
                {"channel":"forum","platformAccountId":"%s","handle":"OutpostLocal","displayName":"Outpost Local Team",
                 "endpointUrl":"%s","signingSecret":"%s"}""".formatted(FORUM_ACCOUNT_ID, sandboxUrl + ChannelSandbox.FORUM_PATH,
                FORUM_SECRET);
        post(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), ingestUrl, adminToken, "forum", json);
    }

    private static void post(HttpClient http, String ingestUrl, String adminToken, String channel, String json)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/api/v1/channel-accounts"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 200 && response.statusCode() != 409) {
            throw new IllegalStateException("registering the local " + channel + " account failed: "
                    + response.statusCode() + " " + response.body());
        }
    }
}
