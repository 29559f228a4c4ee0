package io.outpost.system;

import io.outpost.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The suite's topics as the fault tests see them from outside: who consumes what, where each topic
 * ends, how far each consumer group has committed, and records read back or written in again.
 */
final class SuiteTopics {

    /**
     * Consumer groups (the service names) per topic, from the services' {@code mp.messaging.incoming.*}
     * configuration. A group that stops committing on its topic fails {@link #awaitConsumed}, so a
     * consumer removed from a service shows up here.
     */
    static final Map<String, List<String>> CONSUMERS = consumers();

    /**
     * The event types each group handles per topic (the services' {@code EventInbox} handler maps). A record
     * of a type a group does not handle is acknowledged and skipped there, so it reaches that group's
     * dead-letter topic only when it is no CloudEvent at all.
     */
    static final Map<String, Map<String, List<String>>> HANDLED_TYPES = handledTypes();

    private final String bootstrap;

    SuiteTopics(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    private static Map<String, List<String>> consumers() {
        Map<String, List<String>> consumers = new LinkedHashMap<>();
        consumers.put(Topics.POSTS, List.of("case-service", "crm-link-service", "survey-service"));
        consumers.put(Topics.CASES, List.of("routing-service", "survey-service"));
        consumers.put(Topics.ASSIGNMENTS, List.of("case-service"));
        consumers.put(Topics.OUTBOUND, List.of("ingest-service"));
        consumers.put(Topics.DELIVERY, List.of("case-service", "crm-link-service"));
        consumers.put(Topics.IDENTITY, List.of("case-service", "crm-link-service", "ingest-service", "routing-service",
                "survey-service"));
        consumers.put(Topics.SURVEYS, List.of("case-service"));
        consumers.put(Topics.WEBHOOKS, List.of("ingest-service"));
        return consumers;
    }

    private static Map<String, Map<String, List<String>>> handledTypes() {
        String t = "io.outpost.";
        Map<String, Map<String, List<String>>> types = new LinkedHashMap<>();
        types.put("case-service", Map.of(
                Topics.POSTS, List.of(t + "post.ingested.v1", t + "post.deleted.v1", t + "post.edited.v1"),
                Topics.ASSIGNMENTS, List.of(t + "assignment.created.v1", t + "offer.made.v1"),
                Topics.DELIVERY, List.of(t + "delivery.reported.v1"),
                Topics.IDENTITY, List.of(t + "identity.link-confirmed.v1", t + "identity.link-removed.v1",
                        t + "identity.erasure-requested.v1"),
                Topics.SURVEYS, List.of(t + "survey.sent.v1", t + "survey.answered.v1")));
        types.put("crm-link-service", Map.of(
                Topics.POSTS, List.of(t + "post.ingested.v1"),
                Topics.DELIVERY, List.of(t + "delivery.reported.v1"),
                Topics.IDENTITY, List.of(t + "identity.erasure-confirmed.v1")));
        types.put("ingest-service", Map.of(
                Topics.OUTBOUND, List.of(t + "outbound.requested.v1"),
                Topics.IDENTITY, List.of(t + "identity.erasure-requested.v1")));
        types.put("routing-service", Map.of(
                Topics.CASES, List.of(t + "case.opened.v1", t + "case.updated.v1", t + "case.resolved.v1"),
                Topics.IDENTITY, List.of(t + "identity.erasure-requested.v1")));
        types.put("survey-service", Map.of(
                Topics.POSTS, List.of(t + "post.ingested.v1"),
                Topics.CASES, List.of(t + "case.opened.v1", t + "case.resolved.v1", t + "case.updated.v1"),
                Topics.IDENTITY, List.of(t + "identity.consent-changed.v1", t + "identity.erasure-requested.v1",
                        t + "identity.link-confirmed.v1", t + "identity.link-removed.v1")));
        return types;
    }

    /** The groups that process records of {@code type} on {@code topic} (all consumers of the topic when type is null). */
    static List<String> groupsHandling(String topic, String type) {
        return CONSUMERS.get(topic).stream()
                .filter(group -> type == null || HANDLED_TYPES.get(group).getOrDefault(topic, List.of()).contains(type))
                .toList();
    }

    /** The end offset (next offset to be written) of every partition of the topics. */
    Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        }
    }

    /** The records of each partition from {@code from} (inclusive) to {@code to} (exclusive). */
    List<ConsumerRecord<String, String>> read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            for (Map.Entry<TopicPartition, Long> end : to.entrySet()) {
                TopicPartition partition = end.getKey();
                long start = from.getOrDefault(partition, 0L);
                if (start >= end.getValue()) {
                    continue;
                }
                consumer.assign(List.of(partition));
                consumer.seek(partition, start);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                long next = start;
                while (next < end.getValue()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("could not read " + partition + " up to " + end.getValue() + ", at " + next);
                    }
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.offset() < end.getValue()) {
                            records.add(record);
                        }
                        next = record.offset() + 1;
                    }
                    next = Math.max(next, consumer.position(partition));
                }
            }
        }
        return records;
    }

    /** Every record of the topics written since {@code from} (the end offsets taken earlier). */
    List<ConsumerRecord<String, String>> readSince(Map<TopicPartition, Long> from) {
        Collection<String> topics = from.keySet().stream().map(TopicPartition::topic).distinct().toList();
        return read(from, endOffsets(topics));
    }

    /** Writes one record to a chosen partition and waits for the broker's acknowledgement. */
    RecordMetadata publish(String topic, int partition, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            return producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    /** Writes each record again, as a redelivery would: same partition, key, value and headers (so the same ce_id). */
    void republish(List<ConsumerRecord<String, String>> records) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            for (ConsumerRecord<String, String> original : records) {
                ProducerRecord<String, byte[]> copy = new ProducerRecord<>(original.topic(), original.partition(), original.key(),
                        original.value() == null ? null : original.value().getBytes(StandardCharsets.UTF_8));
                for (Header header : original.headers()) {
                    copy.headers().add(header.key(), header.value());
                }
                sent.add(producer.send(copy));
            }
            for (var future : sent) {
                future.get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not republish", e);
        }
    }

    /** A consumer group's committed offsets (partitions it never committed on are absent). */
    Map<TopicPartition, Long> committed(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> committed = new HashMap<>();
            offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    committed.put(partition, offset.offset());
                }
            });
            return committed;
        } catch (Exception e) {
            throw new IllegalStateException("could not read the offsets of " + group, e);
        }
    }

    /**
     * What every consumer group of the topics still has to commit to reach {@code ends}: records
     * behind per (topic, group); empty when all of them are through.
     */
    Map<String, Long> behind(Map<TopicPartition, Long> ends) {
        Map<String, Long> behind = new LinkedHashMap<>();
        for (String group : CONSUMERS.values().stream().flatMap(List::stream).distinct().toList()) {
            Map<TopicPartition, Long> committed = committed(group);
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                if (!CONSUMERS.get(end.getKey().topic()).contains(group)) {
                    continue;
                }
                long lag = end.getValue() - committed.getOrDefault(end.getKey(), 0L);
                if (lag > 0) {
                    behind.merge(end.getKey().topic() + " / " + group, lag, Long::sum);
                }
            }
        }
        return behind;
    }

    /**
     * Waits until every consumer group has committed past {@code ends} on its topics; fails only when
     * nothing moved for {@code stall} (a slow suite is fine, a stuck one is not).
     */
    void awaitConsumed(Map<TopicPartition, Long> ends, Duration stall) throws InterruptedException {
        Progress.await("consumers through the topics", () -> -behind(ends).values().stream().mapToLong(Long::longValue).sum(), 0,
                stall, () -> behind(ends).toString());
    }

    private KafkaConsumer<String, String> consumer() {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("enable.auto.commit", "false");
        config.put("isolation.level", "read_committed");
        config.put("max.poll.records", "2000");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("enable.idempotence", "true");
        config.put("acks", "all");
        config.put("linger.ms", "5");
        return new KafkaProducer<>(config, new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
    }
}
