package io.outpost.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The "Customer Support on Twitter" sample ({@code twcs-dev.csv}: tweet_id, author_id, inbound,
 * created_at, text, response_tweet_id, in_response_to_tweet_id) as tweets and conversations: the
 * sets of tweets connected by reply links. Everything the replay asserts is computed here, from the
 * file alone.
 */
final class TwcsConversations {

    record Tweet(String id, String author, boolean inbound, Instant createdAt, String text, String inReplyTo) {
    }

    /** Tweets connected by reply links, in replay order, and the brand that answers in it. */
    record Conversation(String root, List<Tweet> tweets) {

        Optional<String> brand() {
            return tweets.stream().filter(t -> !t.inbound()).map(Tweet::author).findFirst();
        }

        /** The first customer tweet: where case-service opens the case (a brand tweet before it records nothing). */
        Optional<Tweet> opening() {
            return tweets.stream().filter(Tweet::inbound).findFirst();
        }

        /** The brand's first tweet after the opening one: the first response a case should report. */
        Optional<Tweet> firstResponse() {
            Optional<Tweet> opening = opening();
            if (opening.isEmpty()) {
                return Optional.empty();
            }
            int from = tweets.indexOf(opening.get());
            return tweets.subList(from, tweets.size()).stream().filter(t -> !t.inbound()).findFirst();
        }

        /** The opening tweet → the first response, in whole seconds (the data's times are whole seconds). */
        Optional<Long> firstResponseSeconds() {
            return firstResponse().map(r -> java.time.Duration.between(opening().orElseThrow().createdAt(), r.createdAt())
                    .toSeconds());
        }

        /** The brand's tweets from the opening on: the answers a case holds (before it, there is no case). */
        List<Tweet> answersAfterOpening() {
            Optional<Tweet> opening = opening();
            if (opening.isEmpty()) {
                return List.of();
            }
            return tweets.subList(tweets.indexOf(opening.get()), tweets.size()).stream().filter(t -> !t.inbound()).toList();
        }
    }

    static final Comparator<Tweet> REPLAY_ORDER = Comparator.comparing(Tweet::createdAt)
            .thenComparing(t -> Long.parseLong(t.id()));

    final List<Tweet> tweets;
    final List<Conversation> conversations;
    final Map<String, Conversation> conversationOf;

    private TwcsConversations(List<Tweet> tweets) {
        this.tweets = tweets.stream().sorted(REPLAY_ORDER).toList();
        Map<String, Tweet> byId = new HashMap<>();
        tweets.forEach(t -> byId.put(t.id(), t));
        Map<String, List<Tweet>> groups = new LinkedHashMap<>();
        for (Tweet t : this.tweets) {
            String root = t.id();
            while (byId.containsKey(root) && byId.get(root).inReplyTo() != null && byId.containsKey(byId.get(root).inReplyTo())) {
                root = byId.get(root).inReplyTo();
            }
            groups.computeIfAbsent(root, k -> new ArrayList<>()).add(t);
        }
        this.conversations = groups.entrySet().stream().map(e -> new Conversation(e.getKey(), List.copyOf(e.getValue())))
                .toList();
        Map<String, Conversation> of = new HashMap<>();
        for (Conversation c : conversations) {
            c.tweets().forEach(t -> of.put(t.id(), c));
        }
        this.conversationOf = of;
    }

    static TwcsConversations read(Path csv) throws IOException {
        List<List<String>> records = parseCsv(Files.readString(csv, StandardCharsets.UTF_8));
        List<String> header = records.get(0);
        if (!header.equals(List.of("tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
                "in_response_to_tweet_id"))) {
            throw new IllegalStateException("not the twcs header: " + header);
        }
        List<Tweet> tweets = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() == 1 && r.get(0).isEmpty()) {
                continue;
            }
            String parent = r.get(6).isBlank() ? null : r.get(6).replaceAll("\\.0$", "");
            tweets.add(new Tweet(r.get(0), r.get(1), Boolean.parseBoolean(r.get(2).toLowerCase()),
                    ZonedDateTime.parse(r.get(3), PlatformDeliveries.X_TIME).toInstant(), r.get(4), parent));
        }
        return new TwcsConversations(tweets);
    }

    /** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
