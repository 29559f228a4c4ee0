package io.outpost.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor under any latency the suite reports: one record produced and consumed with plain
 * Kafka clients on the same broker, in the same run, on the same (shared, noisy) machine.
 */
final class RawKafkaBaseline {

    private RawKafkaBaseline() {
    }

    /** Produce-to-consume latencies in milliseconds, one record at a time. */
    static List<Long> produceToConsumeMillis(String bootstrap, int samples) throws Exception {
        String topic = "baseline." + UUID.randomUUID();
        Properties consumerConfig = new Properties();
        consumerConfig.put("bootstrap.servers", bootstrap);
        consumerConfig.put("group.id", topic);
        consumerConfig.put("auto.offset.reset", "earliest");
        Properties producerConfig = new Properties();
        producerConfig.put("bootstrap.servers", bootstrap);
        producerConfig.put("acks", "all");
        producerConfig.put("linger.ms", "1");
        List<Long> latencies = new ArrayList<>();
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
                var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "warm-up")).get(30, TimeUnit.SECONDS);
            consumer.subscribe(List.of(topic));
            while (consumer.poll(Duration.ofMillis(200)).isEmpty()) {
                // joins the group and reads the warm-up record
            }
            for (int i = 0; i < samples; i++) {
                long started = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "k", "sample-" + i));
                while (consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                    if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(10)) {
                        throw new AssertionError("baseline record " + i + " not consumed within 10 s");
                    }
                }
                latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
        }
        return latencies;
    }

    static String summary(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return String.format("n=%d p50=%d ms p90=%d ms max=%d ms", sorted.size(), percentile(sorted, 50),
                percentile(sorted, 90), sorted.get(sorted.size() - 1));
    }

    static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
