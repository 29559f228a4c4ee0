package io.outpost.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Runs a service's {@code @QuarkusTest}s on real infrastructure: the JVM's shared Kafka broker
 * and PostgreSQL server (started once), the service's own database, and the local token issuer.
 * Use with the init argument {@code service} (e.g. {@code case-service}).
 */
public class DevstackTestResource implements QuarkusTestResourceLifecycleManager {

    private String service;

    @Override
    public void init(Map<String, String> initArgs) {
        service = initArgs.get("service");
        if (service == null) {
            throw new IllegalArgumentException("DevstackTestResource needs the init argument 'service'");
        }
    }

    @Override
    public Map<String, String> start() {
        return Devstack.forTests().serviceConfig(service);
    }

    @Override
    public void stop() {
        // The infrastructure outlives one application start: it is shared by every test of the
        // JVM and stopped when the JVM exits.
    }
}
