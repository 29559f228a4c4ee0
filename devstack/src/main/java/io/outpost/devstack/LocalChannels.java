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
 * The brand's channel accounts of the local run: an X account and a Facebook page (also used for
 * Messenger) whose sends go to the {@link ChannelSandbox}. Their credentials are local stand-ins
 * that only the sandbox accepts. Public for the system tests, which run the suite the same way.
 */
public final class LocalChannels {

    /** The local X account's platform id: webhook deliveries name it as {@code for_user_id}. */
    public static final String X_ACCOUNT_ID = "1000000001";
    /** The local X account's credentials reference (its token is in {@link #ingestConfig}). */
    public static final String X_CREDENTIALS_REF = "local-sandbox/x";

    static final String X_TOKEN = "local-sandbox-x-user-token";
    static final String META_TOKEN = "local-sandbox-meta-page-token";

    /** channel, platform account id, handle, display name, credentials reference. */
    private static final List<List<String>> ACCOUNTS = List.of(
            List.of("x", X_ACCOUNT_ID, "OutpostLocal", "Outpost Local Support", X_CREDENTIALS_REF),
            List.of("facebook", "2000000001", "OutpostLocal", "Outpost Local Support", "local-sandbox/meta"),
            List.of("messenger", "2000000001", "OutpostLocal", "Outpost Local Support", "local-sandbox/meta"));

    private LocalChannels() {
    }

    /** A sandbox that accepts exactly these accounts' credentials (and Meta's proof keyed with {@code metaAppSecret}). */
    public static ChannelSandbox startSandbox(int port, String metaAppSecret) throws IOException {
        return ChannelSandbox.start(port, X_TOKEN, META_TOKEN, metaAppSecret);
    }

    /** ingest-service's configuration: the platforms' base URLs point at the sandbox. */
    public static Map<String, String> ingestConfig(String sandboxUrl) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("outpost.outbound.x.base-url", sandboxUrl);
        config.put("outpost.outbound.meta.base-url", sandboxUrl);
        config.put("outpost.credentials.\"local-sandbox/x\".token", X_TOKEN);
        config.put("outpost.credentials.\"local-sandbox/meta\".token", META_TOKEN);
        return config;
    }

    /** Registers the accounts with ingest-service (409, already registered by an earlier run, is fine). */
    public static void register(String ingestUrl, String adminToken) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (List<String> a : ACCOUNTS) {
            String json = """
                    {"channel":"%s","platformAccountId":"%s","handle":"%s","displayName":"%s","credentialsRef":"%s"}"""
                    .formatted(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/api/v1/channel-accounts"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201 && response.statusCode() != 200 && response.statusCode() != 409) {
                throw new IllegalStateException("registering the local " + a.get(0) + " account failed: "
                        + response.statusCode() + " " + response.body());
            }
        }
    }
}
