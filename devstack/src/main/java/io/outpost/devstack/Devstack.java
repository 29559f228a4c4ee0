package io.outpost.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Outpost's real infrastructure on one machine: a Kafka broker, a PostgreSQL server with a
 * database per service, and the local token issuer. Tests share one instance per JVM
 * ({@link #forTests()}); the local run owns one under {@code .outpost/}.
 */
public final class Devstack implements AutoCloseable {

    /** Services' database names, one database each: no service reads another's tables. */
    public static final Map<String, String> DATABASES = Map.of(
            "ingest-service", "outpost_ingest",
            "case-service", "outpost_case",
            "routing-service", "outpost_routing",
            "survey-service", "outpost_survey",
            "crm-link-service", "outpost_crm_link");

    /**
     * Services that run with a less privileged database role than the one that migrates them
     * (crm-link-service: its runtime role may only insert and read the audit log).
     */
    public static final Set<String> RUNTIME_ROLE_SERVICES = Set.of("crm-link-service");

    public static final int TOPIC_PARTITIONS = 3;

    private static final String TEST_HOME_PROPERTY = "outpost.devstack.test-home";
    private static final String TEST_KAFKA_PROPERTY = "outpost.devstack.kafka";
    private static Devstack testInstance;

    private final Path home;
    private final KafkaBroker kafka;
    private final Postgres postgres;
    private final LocalTokens tokens;
    private volatile String identityProvider;
    private volatile boolean localTokensToo;

    private Devstack(Path home, int kafkaPort, int postgresPort) {
        this.home = home;
        this.kafka = new KafkaBroker(home.resolve("kafka"), kafkaPort);
        this.postgres = new Postgres(postgresDataDir(home), home.resolve("postgres-bin"), postgresPort);
        this.tokens = LocalTokens.loadOrCreate(home.resolve("keys"));
    }

    /** The PostgreSQL data directory of the infrastructure kept under {@code home}. */
    public static Path postgresDataDir(Path home) {
        return home.resolve("postgres");
    }

    /** Infrastructure kept under {@code home}: its data survives a restart. */
    public static Devstack at(Path home, int kafkaPort, int postgresPort) {
        return new Devstack(home, kafkaPort, postgresPort);
    }

    /**
     * The test JVM's shared infrastructure, started on first use on free ports under
     * {@code target/devstack} (fresh for every JVM) and stopped when the JVM exits.
     */
    public static synchronized Devstack forTests() {
        if (testInstance == null) {
            Path home = Path.of("target", "devstack").toAbsolutePath();
            deleteRecursively(home);
            testInstance = new Devstack(home, 0, 0).start();
            System.setProperty(TEST_HOME_PROPERTY, home.toString());
            System.setProperty(TEST_KAFKA_PROPERTY, testInstance.kafka.bootstrapServers());
            Runtime.getRuntime().addShutdownHook(new Thread(testInstance::close, "devstack-stop"));
        }
        return testInstance;
    }

    /**
     * The test token issuer, also from a class loader other than the one that started the
     * infrastructure (Quarkus loads test resources and tests separately): the key pair is read
     * from the files the started instance wrote.
     */
    public static LocalTokens testTokens() {
        String home = System.getProperty(TEST_HOME_PROPERTY);
        if (home == null) {
            return forTests().tokens();
        }
        return LocalTokens.loadOrCreate(Path.of(home, "keys"));
    }

    /** The test JVM's broker address, also from another class loader (see {@link #testTokens()}). */
    public static String testKafkaBootstrap() {
        String bootstrap = System.getProperty(TEST_KAFKA_PROPERTY);
        return bootstrap != null ? bootstrap : forTests().kafka().bootstrapServers();
    }

    public Devstack start() {
        postgres.start();
        kafka.start();
        kafka.createOutpostTopics(TOPIC_PARTITIONS);
        return this;
    }

    @Override
    public void close() {
        try {
            kafka.stop();
        } finally {
            postgres.stop();
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public Postgres postgres() {
        return postgres;
    }

    /**
     * Makes the services trust a real OIDC provider (the local run's Keycloak realm, {@link Keycloak#issuer()})
     * instead of the local token issuer's key: from then on {@link #serviceConfig} names the realm.
     */
    public void useIdentityProvider(String issuer) {
        useIdentityProvider(issuer, false);
    }

    /**
     * As {@link #useIdentityProvider(String)}; with {@code alsoLocalTokens} the services trust the local token
     * issuer's key as well, each token verified by the tenant its issuer names ({@code
     * quarkus.oidc.resolve-tenants-with-issuer}). The system tests need both: their tests mint tokens for
     * made-up agents with {@link #tokens()}, while the console signs its users in with the realm.
     */
    public void useIdentityProvider(String issuer, boolean alsoLocalTokens) {
        this.identityProvider = issuer;
        this.localTokensToo = alsoLocalTokens;
    }

    public LocalTokens tokens() {
        return tokens;
    }

    /**
     * The key that signs customer-facing links (survey answers, consent pages) in the services
     * this devstack runs: random on first use, then kept with the data so that links sent
     * before a restart still open after it.
     */
    public synchronized String linkSecret() {
        Path file = home.resolve("keys").resolve("link-secret");
        try {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[32];
                new java.security.SecureRandom().nextBytes(bytes);
                Files.createDirectories(file.getParent());
                Files.writeString(file, java.util.HexFormat.of().formatHex(bytes));
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path home() {
        return home;
    }

    /**
     * The configuration a service needs to run on this infrastructure, as Quarkus property
     * names. The same map configures a service under test and a service process of the local run.
     */
    public Map<String, String> serviceConfig(String service) {
        String database = DATABASES.get(service);
        if (database == null) {
            throw new IllegalArgumentException("unknown service " + service + ", expected one of " + DATABASES.keySet());
        }
        postgres.ensureDatabase(database);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        config.put("quarkus.datasource.username", Postgres.USER);
        config.put("quarkus.datasource.password", Postgres.PASSWORD);
        if (RUNTIME_ROLE_SERVICES.contains(service)) {
            // Migrations as the owner, the service as <database>_app, which its migrations create
            // and grant (local connections are trusted, so the password is not checked).
            config.put("quarkus.flyway.username", Postgres.USER);
            config.put("quarkus.flyway.password", Postgres.PASSWORD);
            config.put("quarkus.datasource.username", database + "_app");
        }
        if (identityProvider == null) {
            config.put("quarkus.oidc.public-key", tokens.publicKeyBase64());
            config.put("quarkus.oidc.token.issuer", LocalTokens.ISSUER);
        } else {
            // As in a cluster: the services discover the provider's keys and issuer from its realm.
            config.put("quarkus.oidc.auth-server-url", identityProvider);
            if (localTokensToo) {
                config.put("quarkus.oidc.resolve-tenants-with-issuer", "true");
                config.put("quarkus.oidc.local.public-key", tokens.publicKeyBase64());
                config.put("quarkus.oidc.local.token.issuer", LocalTokens.ISSUER);
                config.put("quarkus.oidc.local.token.audience", LocalTokens.AUDIENCE);
            }
        }
        config.put("quarkus.oidc.token.audience", LocalTokens.AUDIENCE);
        return config;
    }

    /** Deletes a directory tree (a fresh start for tests and for the local run's --fresh). */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
