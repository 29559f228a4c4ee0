package io.outpost.devstack;

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
 * The brand's channel accounts of the local run: an X account, a Facebook page (also used for
 * Messenger) and a forum account whose sends go to the {@link ChannelSandbox}. Their credentials are local stand-ins
 * that only the sandbox accepts. Public for the system tests, which run the suite the same way.
 */
public final class LocalChannels {

    /** The local X account's platform id: webhook deliveries name it as {@code for_user_id}. */
    public static final String X_ACCOUNT_ID = "1000000001";
    /** The local X account's credentials reference (its token is in {@link #ingestConfig}). */
    public static final String X_CREDENTIALS_REF = "local-sandbox/x";

    static final String X_TOKEN = "local-sandbox-x-user-token";
    static final String META_TOKEN = "local-sandbox-meta-page-token";
    /** The local forum account's signing secret: a local stand-in that only the sandbox accepts. */
    static final String FORUM_SECRET = "local-sandbox-forum-signing-secret-0001";
    /** The local forum account's platform id (the forum user our replies are posted as). */
    public static final String FORUM_ACCOUNT_ID = "outpost-local-team";
    /**
     * The key ingest-service seals account secrets with in the local run (base64 of 32 bytes). A local
     * stand-in like the tokens above: it seals only the sandbox's forum secret, and is the same on every
     * start so the secret stored by an earlier run still opens. Never use it outside the local run.
     */
    static final String SECRET_KEY = "bG9jYWwtb3V0cG9zdC1zYW5kYm94LXNlYWxpbmdrZXk=";

    /** channel, platform account id, handle, display name, credentials reference. */
    private static final List<List<String>> ACCOUNTS = List.of(
            List.of("x", X_ACCOUNT_ID, "OutpostLocal", "Outpost Local Support", X_CREDENTIALS_REF),
            List.of("facebook", "2000000001", "OutpostLocal", "Outpost Local Support", "local-sandbox/meta"),
            List.of("messenger", "2000000001", "OutpostLocal", "Outpost Local Support", "local-sandbox/meta"));

    private LocalChannels() {
    }

    /** A sandbox that accepts exactly these accounts' credentials (and Meta's proof keyed with {@code metaAppSecret}). */
    public static ChannelSandbox startSandbox(int port, String metaAppSecret) throws IOException {
        return ChannelSandbox.start(port, X_TOKEN, META_TOKEN, metaAppSecret, FORUM_SECRET);
    }

    /** ingest-service's configuration: the platforms' base URLs point at the sandbox. */
    public static Map<String, String> ingestConfig(String sandboxUrl) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("outpost.outbound.x.base-url", sandboxUrl);
        config.put("outpost.outbound.meta.base-url", sandboxUrl);
        config.put("outpost.credentials.\"local-sandbox/x\".token", X_TOKEN);
        config.put("outpost.credentials.\"local-sandbox/meta\".token", META_TOKEN);
        config.put("outpost.channel-accounts.secret-key", SECRET_KEY);
        return config;
    }

    /** Registers the X and Meta accounts with ingest-service (409, already registered by an earlier run, is fine). */
    public static void register(String ingestUrl, String adminToken) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (List<String> a : ACCOUNTS) {
            String json = """
                    {"channel":"%s","platformAccountId":"%s","handle":"%s","displayName":"%s","credentialsRef":"%s"}"""
                    .formatted(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4));
            post(http, ingestUrl, adminToken, a.get(0), json);
        }
    }

    /** Also the forum account, whose replies go to the sandbox's forum endpoint, signed with its secret. */
    public static void register(String ingestUrl, String adminToken, String sandboxUrl) throws IOException, InterruptedException {
        register(ingestUrl, adminToken);
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
