package io.outpost.ingest;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The fake X and Meta platforms of the outbound tests: one WireMock server on a free port, and the
 * base URLs pointed at it. Tests reach it over its admin API ({@code outpost.test.wiremock-port}),
 * so no state is shared through class loaders.
 */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        String url = "http://localhost:" + server.port();
        return Map.of(
                "outpost.outbound.x.base-url", url,
                "outpost.outbound.meta.base-url", url,
                "outpost.test.wiremock-port", Integer.toString(server.port()));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
