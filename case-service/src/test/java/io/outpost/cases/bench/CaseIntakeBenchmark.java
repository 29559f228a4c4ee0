package io.outpost.cases.bench;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.PostIngested;
import io.outpost.cases.CaseFixtures;
import io.outpost.devstack.Devstack;
import io.outpost.devstack.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Posts consumed → case stored and {@code case.opened} published: N new conversations are
 * published to outpost.posts as fast as the producer goes; the clock stops when the last one's
 * case.opened is on outpost.cases. Throughput = N / elapsed; latency per post = case.opened's
 * record timestamp (set by the relay's producer) minus the post's send time.
 */
final class CaseIntakeBenchmark {

    private static final Pattern FIRST_POST = Pattern.compile("\"firstPostId\":\"([0-9a-f-]{36})\"");

    /**
     * cpuMillisPerPost: CPU time of this JVM (the application, the in-process broker and the load
     * generator together) plus that of its child processes (the embedded PostgreSQL's server and
     * backends alive at the round's end), divided by the round's posts; an upper bound of the
     * service's own cost, comparable between runs of this benchmark only.
     */
    record Round(int posts, double postsPerSecond, long p50Millis, long p99Millis, double cpuMillisPerPost) {
    }

    private CaseIntakeBenchmark() {
    }

    static Round round(int posts) throws Exception {
        return round(posts, 0);
    }

    /** CPU time of this JVM and its descendants (PostgreSQL), in nanoseconds. */
    static long cpuNanos() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        long children = ProcessHandle.current().descendants()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        return jvm + children;
    }

    /**
     * {@code posts} new conversations: as fast as the producer goes ({@code perSecond} 0, a burst),
     * or paced at {@code perSecond}, latency then measured from each post's intended send time.
     */
    static Round round(int posts, int perSecond) throws Exception {
        long cpuStart = cpuNanos();
        Properties consumerConfig = new Properties();
        consumerConfig.put("bootstrap.servers", Devstack.testKafkaBootstrap());
        consumerConfig.put("enable.auto.commit", "false");
        Properties producerConfig = new Properties();
        producerConfig.put("bootstrap.servers", Devstack.testKafkaBootstrap());
        producerConfig.put("linger.ms", "5");
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
                var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CASES, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(Topics.CASES, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end offsets before anything is published

            Map<String, Long> sentAt = new HashMap<>();
            long start = System.nanoTime();
            long startMillis = System.currentTimeMillis();
            for (int i = 0; i < posts; i++) {
                long intended = perSecond == 0 ? System.currentTimeMillis() : startMillis + i * 1000L / perSecond;
                long wait = intended - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                PostIngested post = CaseFixtures.customerPost(Channel.values()[i % Channel.values().length],
                        Instant.now());
                ProducerRecord<String, String> record = new ProducerRecord<>(Topics.POSTS, post.conversationKey(),
                        TestEvents.json(post));
                record.headers().add("ce_specversion", bytes("1.0"))
                        .add("ce_id", bytes(java.util.UUID.randomUUID().toString()))
                        .add("ce_type", bytes(EventTypes.POST_INGESTED))
                        .add("ce_source", bytes("/outpost/bench"))
                        .add("content-type", bytes("application/json"));
                sentAt.put(post.postId().toString(), intended);
                producer.send(record);
                if (perSecond > 0) {
                    producer.flush();
                }
            }
            producer.flush();

            List<Long> latencies = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (latencies.size() < posts && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    if (!TestEvents.header(r, "ce_type").map(EventTypes.CASE_OPENED::equals).orElse(false)) {
                        continue;
                    }
                    Matcher m = FIRST_POST.matcher(r.value());
                    if (m.find()) {
                        Long sent = sentAt.remove(m.group(1));
                        if (sent != null) {
                            latencies.add(Math.max(0, r.timestamp() - sent));
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (latencies.size() < posts) {
                throw new AssertionError("only " + latencies.size() + " of " + posts + " cases published in 5 min");
            }
            latencies.sort(Long::compare);
            return new Round(posts, posts / seconds, latencies.get(latencies.size() / 2),
                    latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1), (cpuNanos() - cpuStart) / 1e6 / posts);
        }
    }

    /** Warm-up, then rounds; prints each and the medians, with the machine and date. */
    static List<Round> run(String label, int warmUp, int posts, int rounds) throws Exception {
        round(warmUp);
        List<Round> results = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Round r = round(posts);
            results.add(r);
            System.out.printf("[bench] %s round %d: %d posts, %.1f posts/s, p50 %d ms, p99 %d ms, CPU %.1f ms/post%n",
                    label, i + 1, r.posts(), r.postsPerSecond(), r.p50Millis(), r.p99Millis(), r.cpuMillisPerPost());
        }
        // A low rate, where batching must not add latency (fetch.max.wait.ms, max poll size).
        Round paced = round(100, 10);
        System.out.printf("[bench] %s paced 10 posts/s: %d posts, p50 %d ms, p99 %d ms, CPU %.1f ms/post%n", label,
                paced.posts(), paced.p50Millis(), paced.p99Millis(), paced.cpuMillisPerPost());
        double medianRate = results.stream().mapToDouble(Round::postsPerSecond).sorted().toArray()[rounds / 2];
        long medianP99 = results.stream().mapToLong(Round::p99Millis).sorted().toArray()[rounds / 2];
        System.out.printf("[bench] %s median of %d rounds: %.1f posts/s, p99 %d ms (%s, %d cores, load %.1f, %s)%n",
                label, rounds, medianRate, medianP99, System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Instant.now());
        return results;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
