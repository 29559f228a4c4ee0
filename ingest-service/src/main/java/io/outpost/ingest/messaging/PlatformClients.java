package io.outpost.ingest.messaging;

import io.outpost.ingest.config.OutboundConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The platform REST clients, built once from {@link OutboundConfig} (base URLs and timeouts are
 * configuration, not annotations). The default exception mapper is off: a 4xx/5xx is an answer to
 * classify (retry, fail with the platform's message), not an exception.
 */
@ApplicationScoped
public class PlatformClients {

    private final XApi x;
    private final MetaApi meta;

    public PlatformClients(OutboundConfig config) {
        this.x = builder(config, config.x().baseUrl()).build(XApi.class);
        this.meta = builder(config, config.meta().baseUrl()).build(MetaApi.class);
    }

    public XApi x() {
        return x;
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
