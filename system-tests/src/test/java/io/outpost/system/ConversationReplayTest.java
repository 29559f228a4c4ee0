package io.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outpost.devstack.ServiceProcesses;
import io.outpost.system.Exchanges.Call;
import io.outpost.system.Exchanges.Outcome;
import io.outpost.system.TwcsConversations.Conversation;
import io.outpost.system.TwcsConversations.Tweet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Real conversations: the whole twcs sample replayed through the X webhook in timestamp order, as
 * fast as ingest acknowledges (the tweets keep their 2017 platform times). Customers' tweets arrive
 * as {@code tweet_create_events} for the brand's subscribed account; the brand's tweets arrive as
 * that account's own tweets (the account is registered through ingest's channel-accounts API).
 * case-service must then hold every customer tweet in exactly one case, each conversation in one
 * case, and report the first-response times the file itself gives.
 */
@Order(4)
class ConversationReplayTest {

    /** Distinct from any id in the file (customers' ids are at most 7 digits, tweets' too). */
    static final long BRAND_ID_BASE = 7_700_000_000L;
    static final int CONVERSATIONS_IN_FLIGHT = 4;

    static RunningSuite suite;

    @BeforeAll
    static void start() {
        suite = RunningSuite.get();
    }

    @Test
    void everyConversationOfTheSampleIsOneCaseWithTheFirstResponseTimeOfTheData() throws Exception {
        TwcsConversations data = TwcsConversations.read(dataset());
        Map<String, String> brandIds = registerBrands(data);
        List<Tweet> customerTweets = data.tweets.stream().filter(Tweet::inbound).toList();

        long started = System.nanoTime();
        List<Outcome> outcomes = replay(data, brandIds);
        long replayMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        List<String> refused = outcomes.stream().filter(o -> o.status() != 200 || !o.responseSnippet().contains("\"posts\":1"))
                .map(Outcome::describe).toList();
        assertThat(refused).as("deliveries not queued as one post").isEmpty();

        // Everything case-service will thread: every customer tweet, and the brand tweets after a case opened.
        Set<String> expectedInCases = new HashSet<>();
        for (Conversation c : data.conversations) {
            c.opening().ifPresent(opening -> c.tweets().subList(c.tweets().indexOf(opening), c.tweets().size())
                    .forEach(t -> expectedInCases.add(t.id())));
        }
        Set<String> customers = customerTweets.stream().map(Tweet::author).collect(Collectors.toSet());
        Map<String, JsonNode> cases;
        Map<String, List<String>> casesOfTweet;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            cases = replayedCases(customers);
            casesOfTweet = casesOfTweet(cases);
            if (casesOfTweet.keySet().containsAll(expectedInCases) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1000);
        }
        long settledMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        Map<String, List<String>> finalCasesOfTweet = casesOfTweet;
        List<String> missing = customerTweets.stream().map(Tweet::id).filter(id -> !finalCasesOfTweet.containsKey(id)).toList();
        List<String> inSeveral = customerTweets.stream().map(Tweet::id)
                .filter(id -> finalCasesOfTweet.getOrDefault(id, List.of()).size() > 1)
                .map(id -> id + " in " + finalCasesOfTweet.get(id)).toList();
        List<String> split = new ArrayList<>();
        Map<String, Set<Conversation>> conversationsOfCase = new HashMap<>();
        for (Conversation c : data.conversations) {
            Set<String> caseIds = c.tweets().stream().flatMap(t -> finalCasesOfTweet.getOrDefault(t.id(), List.of()).stream())
                    .collect(Collectors.toSet());
            if (caseIds.size() > 1) {
                split.add("conversation " + c.root() + " (" + c.tweets().size() + " tweets) in cases " + caseIds);
            }
            caseIds.forEach(id -> conversationsOfCase.computeIfAbsent(id, k -> new HashSet<>()).add(c));
        }
        long merged = conversationsOfCase.values().stream().filter(s -> s.size() > 1).count();

        // First response: what case-service reports against what the file gives, per conversation and per brand.
        List<String> frtMismatches = new ArrayList<>();
        Map<String, List<Long>> expectedByBrand = new TreeMap<>();
        Map<String, List<Long>> reportedByBrand = new TreeMap<>();
        int compared = 0;
        for (Conversation c : data.conversations) {
            Optional<Tweet> opening = c.opening();
            if (opening.isEmpty() || c.brand().isEmpty()) {
                continue;
            }
            List<String> caseIds = finalCasesOfTweet.getOrDefault(opening.get().id(), List.of());
            if (caseIds.size() != 1 || conversationsOfCase.get(caseIds.get(0)).size() != 1) {
                continue; // reported above as missing, split or merged
            }
            JsonNode kase = cases.get(caseIds.get(0));
            Long expected = c.firstResponse().map(r -> Duration.between(opening.get().createdAt(), r.createdAt()).toSeconds())
                    .orElse(null);
            Long reported = kase.hasNonNull("firstResponseAt")
                    ? Duration.between(Instant.parse(kase.get("openedAt").asText()),
                            Instant.parse(kase.get("firstResponseAt").asText())).toSeconds()
                    : null;
            compared++;
            String brand = c.brand().get();
            if (expected != null) {
                expectedByBrand.computeIfAbsent(brand, k -> new ArrayList<>()).add(expected);
            }
            if (reported != null) {
                reportedByBrand.computeIfAbsent(brand, k -> new ArrayList<>()).add(reported);
            }
            boolean openedRight = Instant.parse(kase.get("openedAt").asText()).equals(opening.get().createdAt());
            if (!java.util.Objects.equals(expected, reported) || !openedRight) {
                frtMismatches.add(String.format("conversation %s (%s), case %s: opened %s (data %s), first response"
                        + " %s s reported, %s s in the data", c.root(), brand, caseIds.get(0), kase.get("openedAt").asText(),
                        opening.get().createdAt(), reported, expected));
            }
        }

        StringBuilder report = new StringBuilder();
        report.append(String.format("conversation replay: %d tweets (%d customer, %d brand) in %d conversations of %d brands"
                + " replayed through the X webhook in %d ms (%.0f tweets/s); all in cases after %d ms; %d cases;"
                + " missing %d, in several cases %d, split conversations %d, cases holding several conversations %d;"
                + " first response compared for %d conversations, mismatches %d%n", data.tweets.size(), customerTweets.size(),
                data.tweets.size() - customerTweets.size(), data.conversations.size(), brandIds.size(), replayMillis,
                data.tweets.size() * 1000.0 / Math.max(1, replayMillis), settledMillis, cases.size(), missing.size(),
                inSeveral.size(), split.size(), merged, compared, frtMismatches.size()));
        report.append(String.format("  %-18s %5s | %-36s | %-36s%n", "brand", "convs", "first response, data (p50/p90/max s)",
                "first response, case-service (p50/p90/max s)"));
        expectedByBrand.forEach((brand, expected) -> report.append(String.format("  %-18s %5d | %-36s | %-36s%n", brand,
                expected.size(), distribution(expected), distribution(reportedByBrand.getOrDefault(brand, List.of())))));
        report.append(String.format("  %-18s %5d | %-36s | %-36s%n", "ALL",
                expectedByBrand.values().stream().mapToInt(List::size).sum(),
                distribution(expectedByBrand.values().stream().flatMap(List::stream).toList()),
                distribution(reportedByBrand.values().stream().flatMap(List::stream).toList())));
        System.out.print(report);
        missing.stream().limit(10).forEach(m -> System.out.println("  MISSING customer tweet " + m));
        inSeveral.stream().limit(10).forEach(m -> System.out.println("  IN SEVERAL CASES " + m));
        split.stream().limit(10).forEach(m -> System.out.println("  SPLIT " + m));
        frtMismatches.stream().limit(20).forEach(m -> System.out.println("  FIRST RESPONSE MISMATCH " + m));

        assertThat(missing).as("customer tweets in no case").isEmpty();
        assertThat(inSeveral).as("customer tweets in more than one case").isEmpty();
        assertThat(split).as("conversations split over several cases").isEmpty();
        assertThat(frtMismatches).as("first-response times that differ from the data").isEmpty();
    }

    private static Path dataset() {
        Path root = ServiceProcesses.projectRoot();
        Path shared = root.resolveSibling("shared").resolve("datasets/twcs-dev.csv");
        // The repository keeps a byte-identical copy for ingest's import tests: used where ../shared is absent.
        return Files.exists(shared) ? shared : root.resolve("ingest-service/src/test/resources/imports/twcs-dev.csv");
    }

    /** Each brand of the file as one of our own X accounts. */
    private static Map<String, String> registerBrands(TwcsConversations data) {
        Map<String, String> ids = new LinkedHashMap<>();
        data.tweets.stream().filter(t -> !t.inbound()).map(Tweet::author).distinct().sorted()
                .forEach(handle -> ids.put(handle, Long.toString(BRAND_ID_BASE + ids.size())));
        List<Call> calls = ids.entrySet().stream().map(e -> {
            ObjectNode account = SweepValues.NODES.objectNode().put("channel", "x").put("platformAccountId", e.getValue())
                    .put("handle", e.getKey()).put("displayName", e.getKey());
            return new Call("register " + e.getKey(), "POST", suite.url("ingest-service") + "/api/v1/channel-accounts",
                    Exchanges.headers("Authorization", "Bearer " + suite.token("admin"), "Content-Type", "application/json"),
                    Mutations.bytes(account), null);
        }).toList();
        List<String> failed = Exchanges.sendAll(calls, 4).stream().filter(o -> o.status() != 201).map(Outcome::describe).toList();
        assertThat(failed).as("brand accounts registered").isEmpty();
        return ids;
    }

    /**
     * Sends every tweet as X would: one delivery per tweet, each conversation's tweets in timestamp
     * order and one at a time (a reply only after its parent was acknowledged), a few conversations at
     * once, started in the order of their first tweet.
     */
    private static List<Outcome> replay(TwcsConversations data, Map<String, String> brandIds) throws Exception {
        String url = suite.url("ingest-service") + "/webhooks/x";
        List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(CONVERSATIONS_IN_FLIGHT);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (Conversation c : data.conversations) {
                String brand = c.brand().orElse(null);
                done.add(pool.submit(() -> {
                    for (Tweet t : c.tweets()) {
                        String forUser = brandIds.getOrDefault(brand, Long.toString(BRAND_ID_BASE - 1));
                        String author = t.inbound() ? t.author() : brandIds.get(t.author());
                        ObjectNode delivery = PlatformDeliveries.tweetCreate(forUser,
                                PlatformDeliveries.tweet(t.id(), author, t.author(), t.text(), t.createdAt(), t.inReplyTo()));
                        byte[] body = Mutations.bytes(delivery);
                        outcomes.add(Exchanges.send(new Call("tweet " + t.id(), "POST", url,
                                Exchanges.headers("Content-Type", "application/json", PlatformDeliveries.X_SIGNATURE,
                                        PlatformDeliveries.xSignature(suite.xConsumerSecret, body)), body, null)));
                    }
                }));
            }
            for (var f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return outcomes;
    }

    /** case-service's x cases of the file's customers, by id, with their posts (detail view). */
    private static Map<String, JsonNode> replayedCases(Set<String> customers) throws Exception {
        String base = suite.url("case-service") + "/api/v1/cases";
        String token = suite.token("supervisor");
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            String page = Exchanges.fetch(base + "?channel=x&limit=200" + (cursor == null ? "" : "&cursor=" + cursor), token);
            assertThat(page).as("case list page").isNotNull();
            JsonNode root = OpenApi.JSON.readTree(page);
            for (JsonNode item : root.path("items")) {
                if (customers.contains(item.path("customer").path("platformUserId").asText())) {
                    ids.add(item.get("id").asText());
                }
            }
            cursor = root.hasNonNull("nextCursor") ? root.get("nextCursor").asText() : null;
        } while (cursor != null);
        Map<String, JsonNode> cases = new LinkedHashMap<>();
        List<String> details = Exchanges.fetchAll(ids.stream().map(id -> base + "/" + id).toList(), token, 4);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(details.get(i)).as("case %s", ids.get(i)).isNotNull();
            cases.put(ids.get(i), OpenApi.JSON.readTree(details.get(i)));
        }
        return cases;
    }

    private static Map<String, List<String>> casesOfTweet(Map<String, JsonNode> cases) {
        Map<String, List<String>> casesOfTweet = new HashMap<>();
        cases.forEach((id, kase) -> kase.path("posts").forEach(p -> casesOfTweet
                .computeIfAbsent(p.path("externalId").asText(), k -> new ArrayList<>()).add(id)));
        return casesOfTweet;
    }

    static String distribution(List<Long> seconds) {
        if (seconds.isEmpty()) {
            return "none";
        }
        List<Long> sorted = seconds.stream().sorted().toList();
        return String.format("n=%d %d / %d / %d", sorted.size(), RawKafkaBaseline.percentile(sorted, 50),
                RawKafkaBaseline.percentile(sorted, 90), sorted.get(sorted.size() - 1));
    }
}
