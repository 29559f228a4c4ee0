package io.outpost.devstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.contracts.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Reads and writes Outpost events on the test broker the way the services do: CloudEvents 1.0
 * in binary mode (ce_* headers), JSON payloads, string keys.
 */
public final class TestEvents {

    private static final ObjectMapper MAPPER = EventJson.newMapper();

    private TestEvents() {
    }

    /** Publishes an event and waits for the broker's acknowledgement; returns its ce_id. */
    public static String publish(String topic, String key, String type, Object payload) {
        String id = UUID.randomUUID().toString();
        publishRaw(topic, key, id, type, json(payload));
        return id;
    }

    /** Publishes raw bytes with CloudEvents headers: for redeliveries (same id) and poison records. */
    public static void publishRaw(String topic, String key, String ceId, String type, String value) {
        try (var producer = producer()) {
            producer.send(record(topic, key, ceId, type, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /**
     * Publishes many events of one type through one producer (for load: batched, not one send at a
     * time) and waits until the broker has acknowledged them all; returns their ce_ids in order.
     */
    public static List<String> publishAll(String topic, String type, List<Map.Entry<String, Object>> keyedPayloads) {
        List<Raw> records = new ArrayList<>(keyedPayloads.size());
        for (Map.Entry<String, Object> keyed : keyedPayloads) {
            records.add(new Raw(keyed.getKey(), UUID.randomUUID().toString(), type, json(keyed.getValue())));
        }
        publishAllRaw(topic, records);
        return records.stream().map(Raw::ceId).toList();
    }

    /** A record as {@link #publishRaw} writes it (ceId null: no CloudEvents headers). */
    public record Raw(String key, String ceId, String type, String value) {
    }

    /**
     * Publishes the records through one producer, in order, without waiting between them (so that
     * a consumer reads several in one poll), then waits for the broker to acknowledge them all.
     */
    public static void publishAllRaw(String topic, List<Raw> records) {
        try (var producer = producer(200)) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>(records.size());
            for (Raw raw : records) {
                sent.add(producer.send(record(topic, raw.key(), raw.ceId(), raw.type(), raw.value())));
            }
            for (var acknowledged : sent) {
                acknowledged.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    private static KafkaProducer<String, String> producer() {
        return producer(0);
    }

    /**
     * @param lingerMillis 0 for a single record sent at once; publishAllRaw's 200 ms make records sent back
     *                     to back leave in one batch per partition, so a batch consumer reads them in one poll
     */
    private static KafkaProducer<String, String> producer(int lingerMillis) {
        Properties config = new Properties();
        config.put("bootstrap.servers", Devstack.testKafkaBootstrap());
        config.put("enable.idempotence", "true");
        config.put("linger.ms", Integer.toString(lingerMillis));
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static ProducerRecord<String, String> record(String topic, String key, String ceId, String type, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        if (ceId != null) {
            record.headers()
                    .add("ce_specversion", bytes("1.0"))
                    .add("ce_id", bytes(ceId))
                    .add("ce_type", bytes(type))
                    .add("ce_source", bytes("/outpost/test"))
                    .add("ce_time", bytes(Instant.now().toString()))
                    .add("content-type", bytes("application/json"));
        }
        return record;
    }

    /** How long reading up to a topic's end may take once a read window has passed. */
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    /**
     * Every record of a topic from the beginning, read until {@code done} holds or the timeout passes.
     * When the timeout passes first, reading goes on up to the topic's end as of that moment: the
     * result is then everything published within the window, however slowly a loaded machine polls
     * (a "nothing else was sent" check built on it is complete, not a sample). The timeout must be a
     * real interval: a zero one would give the producer no time at all.
     */
    public static List<ConsumerRecord<String, String>> readUntil(String topic,
            Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
        if (timeout.compareTo(Duration.ofMillis(200)) < 0) {
            throw new IllegalArgumentException("readUntil waits at least one poll (200 ms), not " + timeout);
        }
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = fromTheBeginning(topic)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (done.test(records)) {
                    return records;
                }
            }
            readToItsEnd(consumer, topic, records);
        }
        return records;
    }

    /**
     * Every record of a topic from the beginning up to its end as of this call (the partitions' end
     * offsets, read committed): a complete "what has been published so far".
     */
    public static List<ConsumerRecord<String, String>> readToEnd(String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = fromTheBeginning(topic)) {
            readToItsEnd(consumer, topic, records);
        }
        return records;
    }

    private static KafkaConsumer<String, String> fromTheBeginning(String topic) {
        Properties config = new Properties();
        config.put("bootstrap.servers", Devstack.testKafkaBootstrap());
        config.put("enable.auto.commit", "false");
        config.put("isolation.level", "read_committed");
        var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close();
            throw e;
        }
    }

    /** Polls on until every partition's position reaches its end offset as of now (within {@link #CATCH_UP}). */
    private static void readToItsEnd(KafkaConsumer<String, String> consumer, String topic,
            List<ConsumerRecord<String, String>> records) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), CATCH_UP);
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), CATCH_UP) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the end of " + topic + " (" + end + ") not reached within " + CATCH_UP);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
    }

    /** Records of a topic whose payload contains {@code marker}, waiting up to the timeout for at least one. */
    public static List<ConsumerRecord<String, String>> awaitContaining(String topic, String marker, Duration timeout) {
        return readUntil(topic, rs -> rs.stream().anyMatch(r -> r.value() != null && r.value().contains(marker)), timeout)
                .stream().filter(r -> r.value() != null && r.value().contains(marker)).toList();
    }

    public static Optional<String> header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    public static <T> T payload(ConsumerRecord<String, String> record, Class<T> type) {
        try {
            return MAPPER.readValue(record.value(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable payload " + record.value(), e);
        }
    }

    public static String json(Object payload) {
        try {
            return MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
