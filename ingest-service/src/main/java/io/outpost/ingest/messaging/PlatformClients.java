package io.outpost.ingest.messaging;

import io.outpost.ingest.config.OutboundConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The platform REST clients, built once from {@link OutboundConfig} (base URLs and timeouts are
 * configuration, not annotations). The default exception mapper is off: a 4xx/5xx is an answer to
 * classify (retry, fail with the platform's message), not an exception.
 */
@ApplicationScoped
public class PlatformClients {

    private final OutboundConfig config;
    private final XApi x;
    private final XOAuthApi xOAuth;
    private final MetaApi meta;
    /**
     * One forum client per endpoint, built on first use: each forum account names its own endpoint.
     * Few accounts, few entries; an endpoint an admin replaced keeps its (idle) client until restart.
     */
    private final Map<URI, ForumApi> forums = new ConcurrentHashMap<>();

    public PlatformClients(OutboundConfig config) {
        this.config = config;
        this.x = builder(config, config.x().baseUrl()).build(XApi.class);
        this.xOAuth = builder(config, config.x().baseUrl()).build(XOAuthApi.class);
        this.meta = builder(config, config.meta().baseUrl()).build(MetaApi.class);
    }

    /** The client of a forum integration's endpoint (the account's {@code endpointUrl}). */
    public ForumApi forum(URI endpoint) {
        return forums.computeIfAbsent(endpoint, e -> builder(config, e.toString()).build(ForumApi.class));
    }

    public XApi x() {
        return x;
    }

    /** X's token endpoint (refreshing an account's access token). */
    public XOAuthApi xOAuth() {
        return xOAuth;
    }

    public MetaApi meta() {
        return meta;
    }

    private static QuarkusRestClientBuilder builder(OutboundConfig config, String baseUrl) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl))
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true);
    }
}
