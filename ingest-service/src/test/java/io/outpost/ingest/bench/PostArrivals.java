package io.outpost.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.contracts.EventTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer of a topic on its own thread that notes when each record arrives, by a key taken
 * from the record: for the service's {@code post.ingested} the payload's {@code externalId}, for
 * the raw baseline the record key. It starts at the end of the topic (only this run's records
 * count) and counts a key seen twice as a duplicate.
 */
final class PostArrivals implements AutoCloseable {

    /** How a record names what it is about; null: not one of ours. */
    interface Identity {
        String of(ConsumerRecord<String, String> record);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    PostArrivals(String bootstrap, String topic, Identity identity) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("enable.auto.commit", "false");
        config.put("isolation.level", "read_committed");
        config.put("max.poll.records", "2000");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before anything is sent
        thread = new Thread(() -> {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    String id = identity.of(record);
                    if (id != null && arrivedAt.putIfAbsent(id, now) != null) {
                        duplicates.incrementAndGet();
                    }
                }
            }
            consumer.close();
        }, "bench-arrivals-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** post.ingested records, by externalId. */
    static String ingestedExternalId(ConsumerRecord<String, String> record) {
        Header type = record.headers().lastHeader("ce_type");
        if (type == null || !EventTypes.POST_INGESTED.equals(new String(type.value(), StandardCharsets.UTF_8))) {
            return null;
        }
        try {
            JsonNode externalId = MAPPER.readTree(record.value()).get("externalId");
            return externalId == null ? null : externalId.asText();
        } catch (IOException e) {
            return null;
        }
    }

    Long arrivedAt(String id) {
        return arrivedAt.get(id);
    }

    long duplicates() {
        return duplicates.get();
    }

    /** Waits until every id has arrived or nothing new arrived for {@code quiet}; answers how many are missing. */
    long awaitAll(List<String> ids, Duration quiet) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long missing = Long.MAX_VALUE;
        while (true) {
            long now = ids.stream().filter(id -> !arrivedAt.containsKey(id)).count();
            if (now == 0) {
                return 0;
            }
            if (now < missing) {
                missing = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > quiet.toNanos()) {
                return missing;
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
