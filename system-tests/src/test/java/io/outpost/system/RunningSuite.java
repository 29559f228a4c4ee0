package io.outpost.system;

import io.outpost.devstack.Devstack;
import io.outpost.devstack.FreePorts;
import io.outpost.devstack.ServiceProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole suite as its operators run it: devstack's Kafka and PostgreSQL, and the five
 * packaged services as separate processes on free ports. Started once per test JVM.
 */
final class RunningSuite {

    private static RunningSuite instance;

    final Devstack devstack;
    final ServiceProcesses services;
    final Duration startTime;

    private RunningSuite(Devstack devstack, ServiceProcesses services, Duration startTime) {
        this.devstack = devstack;
        this.services = services;
        this.startTime = startTime;
    }

    static synchronized RunningSuite get() {
        if (instance == null) {
            Path target = Path.of("target").toAbsolutePath();
            Path home = target.resolve("system-devstack");
            long started = System.nanoTime();
            Devstack.deleteRecursively(home);
            Devstack devstack = Devstack.at(home, 0, 0);
            ServiceProcesses services = null;
            try {
                devstack.start();
                Map<String, Integer> ports = new LinkedHashMap<>();
                ServiceProcesses.DEFAULT_PORTS.keySet().forEach(name -> ports.put(name, FreePorts.pick()));
                services = ServiceProcesses.start(devstack, ServiceProcesses.projectRoot(), ports, Map.of(),
                        target.resolve("system-logs"));
                services.awaitReady(Duration.ofMinutes(3));
            } catch (RuntimeException e) {
                if (services != null) {
                    services.close();
                }
                devstack.close();
                throw e;
            }
            instance = new RunningSuite(devstack, services, Duration.ofNanos(System.nanoTime() - started));
            System.out.printf("system-tests: infrastructure and five services ready in %d ms%n", instance.startTime.toMillis());
            RunningSuite suite = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                suite.services.close();
                suite.devstack.close();
            }, "system-tests-stop"));
        }
        return instance;
    }

    String url(String service) {
        return services.service(service).url();
    }

    String token(String role) {
        return devstack.tokens().token("system-" + role, Duration.ofHours(1), role);
    }

    String token(String user, String role) {
        return devstack.tokens().token(user, Duration.ofHours(1), role);
    }
}
