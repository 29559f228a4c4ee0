package io.outpost.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The infrastructure is real: records survive a broker restart, rows survive a database restart. */
class DevstackTest {

    static Devstack devstack;

    @BeforeAll
    static void start() {
        Path home = Path.of("target", "devstack-test").toAbsolutePath();
        Devstack.deleteRecursively(home);
        devstack = Devstack.at(home, 0, 0).start();
    }

    @AfterAll
    static void stop() {
        devstack.close();
    }

    @Test
    void createsEveryTopicWithItsDeadLetterTwin() throws Exception {
        try (var admin = devstack.kafka().admin()) {
            var names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (String topic : Topics.ALL) {
                assertThat(names).contains(topic, Topics.dlq(topic));
            }
            var posts = admin.describeTopics(List.of(Topics.POSTS)).allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(posts.get(Topics.POSTS).partitions()).hasSize(Devstack.TOPIC_PARTITIONS);
        }
    }

    @Test
    void theBrokerTakesLz4CompressedBatches() throws Exception {
        // ingest-service's webhook producer compresses with lz4; the broker validates each batch, so it needs the
        // codec on its own classpath (./outpost-local's broker lacked it: every webhook answered 500).
        Properties producerConfig = new Properties();
        producerConfig.put("bootstrap.servers", devstack.kafka().bootstrapServers());
        producerConfig.put("enable.idempotence", "true");
        producerConfig.put("compression.type", "lz4");
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            var written = producer.send(new ProducerRecord<>("devstack.lz4", "k", "compressed ".repeat(100))).get(10, TimeUnit.SECONDS);
            assertThat(written.offset()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aRecordWrittenBeforeABrokerRestartIsReadAfterIt() throws Exception {
        String bootstrap = devstack.kafka().bootstrapServers();
        Properties producerConfig = new Properties();
        producerConfig.put("bootstrap.servers", bootstrap);
        producerConfig.put("enable.idempotence", "true");
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("devstack.restart", "k", "before restart")).get(10, TimeUnit.SECONDS);
        }

        devstack.kafka().stop();
        assertThat(devstack.kafka().isRunning()).isFalse();
        devstack.kafka().start();

        Properties consumerConfig = new Properties();
        consumerConfig.put("bootstrap.servers", bootstrap);
        consumerConfig.put("group.id", "devstack-test");
        consumerConfig.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("devstack.restart"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String value = null;
            while (value == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    value = records.iterator().next().value();
                }
            }
            assertThat(value).isEqualTo("before restart");
        }
    }

    @Test
    void eachServiceGetsItsOwnDatabaseThatSurvivesARestart() throws Exception {
        Map<String, String> config = devstack.serviceConfig("case-service");
        String url = config.get("quarkus.datasource.jdbc.url");
        assertThat(url).endsWith("/outpost_case");
        try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("create table kept(v text)");
            s.execute("insert into kept values ('" + new String("row".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8) + "')");
        }

        devstack.postgres().stop();
        devstack.postgres().start();

        try (Connection c = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select v from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("row");
        }
        assertThat(devstack.serviceConfig("routing-service").get("quarkus.datasource.jdbc.url")).endsWith("/outpost_routing");
    }

    @Test
    void keysPersistSoTokensOutliveARestartOfTheRun() {
        LocalTokens again = LocalTokens.loadOrCreate(devstack.home().resolve("keys"));
        assertThat(again.publicKeyBase64()).isEqualTo(devstack.tokens().publicKeyBase64());
        assertThat(devstack.tokens().token("ana", Duration.ofHours(24), "agent").split("\\.")).hasSize(3);
    }
}
