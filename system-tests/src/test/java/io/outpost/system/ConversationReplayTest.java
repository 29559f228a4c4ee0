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
 * Real conversations: the whole twcs sample replayed in timestamp order, a few conversations at once (the
 * tweets keep their 2017 platform times). Customers' tweets arrive through the X webhook as
 * {@code tweet_create_events} for the brand's subscribed account. The brand's answers go the way a brand using
 * Outpost sends them (issue 17, item 4): each brand is one of our X accounts (registered through ingest's
 * channel-accounts API with the OAuth pair the sandbox issues it) and has an agent, to whom a supervisor gives
 * the brand's cases (team = the brand); the agent replies through case-service's reply API, ingest-service sends
 * the tweet to the X stand-in, and X's echo of it comes back through the webhook. The stand-in gives each sent
 * reply the recorded tweet's id and created_at ({@code ChannelSandbox.recordedTweets}, test-only), so the
 * platform time of the delivered reply is the data's. Each conversation's case is resolved by its agent after
 * its last tweet (survey-service then surveys the customer by DM, from the brand's account: those echo too).
 * case-service must then hold every customer tweet in exactly one case, each conversation in one case, every
 * brand answer as one reply confirmed by its echo (never a post, never a second response), and report per
 * conversation and per brand the first-response times, response rate and first-contact resolution that the file
 * itself gives. Only some brands answer through Outpost ({@link #DEFAULT_BRANDS_THROUGH_OUTPOST}); the others'
 * tweets arrive as the brand's own tweets typed on the platform, as before, and count at their platform time. The few
 * brand tweets before a conversation's first customer tweet have no case to be sent from: they arrive as typed on
 * the platform too, which records nothing.
 */
@Order(4)
class ConversationReplayTest {

    /** Distinct from any id in the file (customers' ids are at most 7 digits, tweets' too). */
    static final long BRAND_ID_BASE = 7_700_000_000L;
    /**
     * Conversations answered through Outpost replayed at once: each waits for case-service between its tweets, so more
     * than the CPUs. The others go afterwards, as before, 4 at once and as fast as ingest acknowledges: beside the
     * answered ones they filled outpost.posts faster than case-service reads it, and answers and their echoes waited
     * behind that backlog for over a minute (with all 632 answered 16 at once: 5 s from request to echo, p50).
     */
    static final int ANSWERED_IN_FLIGHT = 16;
    static final int CONVERSATIONS_IN_FLIGHT = 4;
    /** Sent instead of a recorded answer case-service refuses (over 280 with the signature, or a link without an answer). */
    static final String STAND_IN_TEXT = "Thanks for telling us, we are looking into this and will follow up right here.";
    /** case-service's service-level period is at most 93 days; the sample spans about 117. */
    static final Duration FIGURES_WINDOW = Duration.ofDays(93);
    static final Duration STEP_DEADLINE = Duration.ofSeconds(60);

    /**
     * The brands whose answers go through Outpost (the others' arrive as typed on the platform, as before). Each answer
     * waits for a round trip through case-, ingest- and case-service again and the X stand-in (6 s p50 at a load
     * average of 16-20 on the shared 2-core machine), so a conversation's answers take about 10 s each and the whole
     * sample (1,043 answers, about 600 survey DMs) took 9 minutes; with British_Airways as well (conversations of up to
     * 12 answers) the answered part took 157 s; AmazonHelp and SpotifyCares (136 answers in 72 conversations) 99 s.
     * The default build answers through Outpost for SpotifyCares alone (52 answers; a brand that often moves the
     * customer to DMs), to keep the build within its time budget; {@code -Doutpost.system.replay-brands=all} (or a
     * comma-separated list, e.g. {@code AmazonHelp,SpotifyCares}) sends more.
     */
    static final Set<String> DEFAULT_BRANDS_THROUGH_OUTPOST = Set.of("SpotifyCares");

    /** A brand of the file: our X account, and for a brand answering through Outpost the agent its cases go to. */
    record Brand(String handle, String accountId, String agentId, String username) {

        boolean throughOutpost() {
            return agentId != null;
        }
    }

    /** A recorded brand answer as sent through Outpost: the reply case-service made of it, as its timeline shows it. */
    record SentReply(Tweet tweet, String caseId, String replyId, JsonNode reply, boolean standIn) {
    }

    static RunningSuite suite;

    @BeforeAll
    static void start() {
        suite = RunningSuite.get();
    }

    @Test
    void everyConversationOfTheSampleIsOneCaseWithTheFiguresOfTheData() throws Exception {
        TwcsConversations data = TwcsConversations.read(dataset());
        Map<String, Brand> brands = registerBrands(data);
        List<Tweet> customerTweets = data.tweets.stream().filter(Tweet::inbound).toList();

        long started = System.nanoTime();
        Replay replay = new Replay(data, brands);
        suite.sandbox.recordedTweets(replay::recorded);
        suite.echoes(true);
        long echoesBefore = suite.echoes.delivered() + suite.echoes.refused();
        long echoesRefusedBefore = suite.echoes.refused();
        long sandboxBefore = suite.sandbox.received().size();
        try {
            replay.run();
            // Surveys of the resolved cases go out as DMs from the brands' accounts and echo too: wait until the
            // sandbox has been quiet for 3 s and every message it echoes has come back to ingest.
            awaitQuietSandbox(sandboxBefore, echoesBefore);
        } finally {
            suite.echoes(false);
            suite.sandbox.recordedTweets(null);
        }
        long replayMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        List<String> refused = replay.outcomes.stream().filter(o -> o.status() != 200 || !o.responseSnippet().contains("\"posts\":1"))
                .map(Outcome::describe).toList();
        assertThat(refused).as("deliveries not queued as one post").isEmpty();
        assertThat(replay.failures).as("steps of the replay that failed").isEmpty();

        Set<String> customers = customerTweets.stream().map(Tweet::author).collect(Collectors.toSet());
        // Everything case-service files as a post: every customer tweet, and the answers typed on the platform after the
        // opening (those sent through Outpost are replies, their echoes no posts).
        Set<String> expectedInCases = customerTweets.stream().map(Tweet::id).collect(Collectors.toSet());
        data.conversations.stream().filter(c -> c.brand().map(brands::get).filter(Brand::throughOutpost).isEmpty())
                .forEach(c -> c.answersAfterOpening().forEach(t -> expectedInCases.add(t.id())));
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
        Map<String, List<String>> filed = casesOfTweet;

        List<String> missing = customerTweets.stream().map(Tweet::id).filter(id -> !filed.containsKey(id)).toList();
        List<String> inSeveral = customerTweets.stream().map(Tweet::id)
                .filter(id -> filed.getOrDefault(id, List.of()).size() > 1)
                .map(id -> id + " in " + filed.get(id)).toList();
        List<String> split = new ArrayList<>();
        Map<String, Set<Conversation>> conversationsOfCase = new HashMap<>();
        for (Conversation c : data.conversations) {
            Set<String> caseIds = c.tweets().stream().flatMap(t -> filed.getOrDefault(t.id(), List.of()).stream())
                    .collect(Collectors.toSet());
            if (caseIds.size() > 1) {
                split.add("conversation " + c.root() + " (" + c.tweets().size() + " tweets) in cases " + caseIds);
            }
            caseIds.forEach(id -> conversationsOfCase.computeIfAbsent(id, k -> new HashSet<>()).add(c));
        }
        long merged = conversationsOfCase.values().stream().filter(s -> s.size() > 1).count();

        // Every brand answer after the opening: one reply, delivered and confirmed at the recorded tweet's time, and
        // its echo nowhere among the posts (a post would be a response of its own).
        Set<String> brandTweetIds = data.tweets.stream().filter(t -> !t.inbound() && brands.get(t.author()).throughOutpost())
                .map(Tweet::id).collect(Collectors.toSet());
        List<String> echoesAsPosts = filed.entrySet().stream().filter(e -> brandTweetIds.contains(e.getKey()))
                .map(e -> "brand tweet " + e.getKey() + " shown as a post of " + e.getValue()).toList();
        List<String> replyMismatches = new ArrayList<>();
        int sentThroughOutpost = 0;
        for (Conversation c : data.conversations) {
            if (!brands.get(c.brand().orElseThrow()).throughOutpost()) {
                continue;
            }
            for (Tweet t : c.answersAfterOpening()) {
                sentThroughOutpost++;
                SentReply sent = replay.sent.get(t.id());
                if (sent == null) {
                    replyMismatches.add("brand tweet " + t.id() + ": not sent");
                    continue;
                }
                JsonNode r = sent.reply();
                String at = t.createdAt().toString();
                if (!t.id().equals(r.path("platformMessageId").asText()) || !at.equals(r.path("confirmedAt").asText())
                        || !at.equals(r.path("deliveredAt").asText()) || !"delivered".equals(r.path("status").asText())) {
                    replyMismatches.add("brand tweet " + t.id() + " at " + at + ", case " + sent.caseId() + ": reply " + r);
                }
            }
        }

        // First response per conversation: what case-service reports against what the file gives.
        List<String> frtMismatches = new ArrayList<>();
        Map<String, List<Long>> expectedByBrand = new TreeMap<>();
        Map<String, List<Long>> reportedByBrand = new TreeMap<>();
        int compared = 0;
        for (Conversation c : data.conversations) {
            Optional<Tweet> opening = c.opening();
            if (opening.isEmpty() || c.brand().isEmpty()) {
                continue;
            }
            List<String> caseIds = filed.getOrDefault(opening.get().id(), List.of());
            if (caseIds.size() != 1 || conversationsOfCase.get(caseIds.get(0)).size() != 1) {
                continue; // reported above as missing, split or merged
            }
            JsonNode kase = cases.get(caseIds.get(0));
            Long expected = c.firstResponseSeconds().orElse(null);
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

        // The service-level figures per brand (groupBy=team: each brand's cases are with its agent's team), in
        // windows of at most 93 days from the last opening back, against the same figures computed from the file.
        Instant lastOpening = data.conversations.stream().map(Conversation::opening).flatMap(Optional::stream)
                .map(Tweet::createdAt).max(Instant::compareTo).orElseThrow();
        Instant firstOpening = data.conversations.stream().map(Conversation::opening).flatMap(Optional::stream)
                .map(Tweet::createdAt).min(Instant::compareTo).orElseThrow();
        List<String> figureMismatches = new ArrayList<>();
        StringBuilder figures = new StringBuilder();
        for (Instant to = lastOpening.plusSeconds(1); to.isAfter(firstOpening); to = to.minus(FIGURES_WINDOW)) {
            compareFigures(data, brands, to.minus(FIGURES_WINDOW), to, figureMismatches, figures);
        }

        StringBuilder report = new StringBuilder();
        report.append(String.format("conversation replay: %d tweets (%d customer, %d brand: %d replies through Outpost, %d"
                + " of them the stand-in text, %d typed on the platform) in %d conversations of %d brands (%d answering"
                + " through Outpost: %s),"
                + " replayed with replies echoed in %d ms; %d cases; missing %d, in several cases %d, split conversations %d,"
                + " cases holding several conversations %d, echoes shown as posts %d, replies not as recorded %d;"
                + " first response compared for %d conversations, mismatches %d; figures mismatches %d (done after %d ms)%n",
                data.tweets.size(), customerTweets.size(), data.tweets.size() - customerTweets.size(), sentThroughOutpost,
                replay.standIns.size(), replay.typedOnPlatform.get(), data.conversations.size(), brands.size(),
                brands.values().stream().filter(Brand::throughOutpost).count(),
                brands.values().stream().filter(Brand::throughOutpost).map(Brand::handle).sorted().toList(), replayMillis,
                cases.size(), missing.size(), inSeveral.size(), split.size(), merged, echoesAsPosts.size(),
                replyMismatches.size(), compared, frtMismatches.size(), figureMismatches.size(), settledMillis));
        report.append(String.format("  %-18s %5s | %-36s | %-36s%n", "brand", "convs", "first response, data (p50/p90/max s)",
                "first response, case-service (p50/p90/max s)"));
        expectedByBrand.forEach((brand, expected) -> report.append(String.format("  %-18s %5d | %-36s | %-36s%n", brand,
                expected.size(), distribution(expected), distribution(reportedByBrand.getOrDefault(brand, List.of())))));
        report.append(String.format("  %-18s %5d | %-36s | %-36s%n", "ALL",
                expectedByBrand.values().stream().mapToInt(List::size).sum(),
                distribution(expectedByBrand.values().stream().flatMap(List::stream).toList()),
                distribution(reportedByBrand.values().stream().flatMap(List::stream).toList())));
        report.append(figures);
        report.append(String.format("  the answered conversations took %d ms; waits (ms, p50/p90/max): case-service holding"
                + " the tweets before an answer %s; an answer's request to its echo on the case %s%n", replay.answeredMillis,
                distribution(replay.caseWaits), distribution(replay.roundTrips)));
        System.out.print(report);
        replay.standIns.stream().limit(5).forEach(m -> System.out.println("  STAND-IN TEXT for " + m));
        missing.stream().limit(10).forEach(m -> System.out.println("  MISSING customer tweet " + m));
        inSeveral.stream().limit(10).forEach(m -> System.out.println("  IN SEVERAL CASES " + m));
        split.stream().limit(10).forEach(m -> System.out.println("  SPLIT " + m));
        echoesAsPosts.stream().limit(10).forEach(m -> System.out.println("  ECHO AS POST " + m));
        replyMismatches.stream().limit(10).forEach(m -> System.out.println("  REPLY " + m));
        frtMismatches.stream().limit(20).forEach(m -> System.out.println("  FIRST RESPONSE MISMATCH " + m));
        figureMismatches.stream().limit(20).forEach(m -> System.out.println("  FIGURES MISMATCH " + m));

        assertThat(missing).as("customer tweets in no case").isEmpty();
        assertThat(inSeveral).as("customer tweets in more than one case").isEmpty();
        assertThat(split).as("conversations split over several cases").isEmpty();
        assertThat(echoesAsPosts).as("echoes of our replies filed as posts").isEmpty();
        assertThat(replyMismatches).as("brand answers not delivered and confirmed as recorded").isEmpty();
        assertThat(frtMismatches).as("first-response times that differ from the data").isEmpty();
        assertThat(figureMismatches).as("service-level figures per brand that differ from the data").isEmpty();
        assertThat(replay.standIns.size()).as("answers case-service refused (sent as the stand-in text)")
                .isLessThan(Math.max(1, sentThroughOutpost / 10));
        assertThat(suite.echoes.refused() - echoesRefusedBefore).as("echoes ingest-service refused").isZero();
    }

    /**
     * One window's figures per brand from case-service against the file's: cases, first response p50/p90 (over
     * answered cases), response rate and first-contact resolution (every case is resolved at its conversation's end,
     * never reopened: the share with exactly one answer after the opening), as case-service defines them
     * (README "Service-level metrics"; percentiles interpolated like PostgreSQL's percentile_cont).
     */
    private static void compareFigures(TwcsConversations data, Map<String, Brand> brands, Instant from, Instant to,
            List<String> mismatches, StringBuilder out) throws Exception {
        SuiteApi.Answer answer = SuiteApi.get(suite.url("case-service") + "/api/v1/metrics/service-level?groupBy=team&from="
                + from + "&to=" + to, suite.token("supervisor")).require(200);
        Map<String, JsonNode> reported = new HashMap<>();
        answer.json().path("groups").forEach(g -> reported.put(g.path("group").asText(), g));
        Map<String, List<Conversation>> byBrand = new TreeMap<>();
        for (Conversation c : data.conversations) {
            Optional<Tweet> opening = c.opening();
            if (opening.isPresent() && c.brand().isPresent() && brands.get(c.brand().get()).throughOutpost() && !opening.get().createdAt().isBefore(from)
                    && opening.get().createdAt().isBefore(to)) {
                byBrand.computeIfAbsent(c.brand().get(), k -> new ArrayList<>()).add(c);
            }
        }
        out.append(String.format("  service level, cases opened %s .. %s, per brand (data | case-service):%n", from, to));
        out.append(String.format("  %-18s %-11s | %-17s | %-19s | %-19s%n", "brand", "cases", "first response p50/p90 s",
                "response rate %", "first-contact res. %"));
        for (var e : byBrand.entrySet()) {
            List<Conversation> convs = e.getValue();
            List<Long> firstResponses = convs.stream().map(Conversation::firstResponseSeconds).flatMap(Optional::stream).toList();
            long answered = convs.stream().filter(c -> c.firstResponseSeconds().isPresent()).count();
            long oneAnswer = convs.stream().filter(c -> c.answersAfterOpening().size() == 1).count();
            String expected = figures(convs.size(), percentileCont(firstResponses, 0.5), percentileCont(firstResponses, 0.9),
                    percent(answered, convs.size()), percent(oneAnswer, convs.size()));
            JsonNode g = reported.get(e.getKey());
            String actual = g == null ? "none" : figures(g.path("cases").asInt(), longOrNull(g.path("firstResponse").path("p50Seconds")),
                    longOrNull(g.path("firstResponse").path("p90Seconds")), doubleOrNull(g.path("responseRatePercent")),
                    doubleOrNull(g.path("firstContactResolutionPercent")));
            out.append(String.format("  %-18s %s%n  %-18s %s%n", e.getKey(), expected, "", actual));
            if (!expected.equals(actual)) {
                mismatches.add(e.getKey() + " " + from + ".." + to + ": data " + expected + ", case-service " + actual);
            }
        }
        reported.keySet().stream().filter(group -> brands.containsKey(group) && brands.get(group).throughOutpost()
                && !byBrand.containsKey(group))
                .forEach(group -> mismatches.add(group + " " + from + ".." + to + ": case-service has cases, the data none"));
    }

    private static String figures(int cases, Long p50, Long p90, Double responseRate, Double firstContact) {
        return String.format("%-11d | %-8s %-8s | %-19s | %-19s", cases, p50, p90, responseRate, firstContact);
    }

    private static Long longOrNull(JsonNode n) {
        return n.isNumber() ? n.asLong() : null;
    }

    private static Double doubleOrNull(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    /** percentile_cont: linear interpolation between the closest ranks, rounded to whole seconds. */
    static Long percentileCont(List<Long> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        double rank = p * (sorted.size() - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return Math.round(sorted.get(below) + (rank - below) * (sorted.get(above) - sorted.get(below)));
    }

    /** Percent with one decimal, as case-service rounds it. */
    static Double percent(long part, long whole) {
        return whole == 0 ? null : Math.round(1000.0 * part / whole) / 10.0;
    }

    /** Waits until the sandbox has accepted nothing new for 3 s and the echoes of all it accepted have been answered. */
    private static void awaitQuietSandbox(long sandboxBefore, long echoesBefore) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_DEADLINE.toNanos();
        int last = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            List<io.outpost.devstack.ChannelSandbox.Received> received = suite.sandbox.received();
            long echoed = received.subList((int) sandboxBefore, received.size()).stream()
                    .filter(m -> m.kind().equals("tweet") || m.kind().equals("direct-message")).count();
            long answered = suite.echoes.delivered() + suite.echoes.refused() - echoesBefore;
            if (received.size() != last) {
                last = received.size();
                quietSince = System.nanoTime();
            } else if (answered >= echoed && System.nanoTime() - quietSince > Duration.ofSeconds(3).toNanos()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the sandbox did not settle within " + STEP_DEADLINE);
    }

    private static Path dataset() {
        Path root = ServiceProcesses.projectRoot();
        Path shared = root.resolveSibling("shared").resolve("datasets/twcs-dev.csv");
        // The repository keeps a byte-identical copy for ingest's import tests: used where ../shared is absent.
        return Files.exists(shared) ? shared : root.resolve("ingest-service/src/test/resources/imports/twcs-dev.csv");
    }

    /**
     * Each brand of the file as one of our own X accounts: known to the X stand-in, registered with ingest-service
     * with the OAuth pair the stand-in issues it (replies go out from it), and an agent of routing-service (offline:
     * cases reach them only through a supervisor) whose team is the brand.
     */
    private static Map<String, Brand> registerBrands(TwcsConversations data) {
        List<String> handles = data.tweets.stream().filter(t -> !t.inbound()).map(Tweet::author).distinct().sorted().toList();
        Map<String, Brand> brands = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.stream.IntStream.range(0, handles.size()).parallel().forEach(i -> {
            String handle = handles.get(i);
            String accountId = Long.toString(BRAND_ID_BASE + i);
            suite.sandbox.addXAccount(accountId, handle);
            io.outpost.devstack.ChannelSandbox.XTokens tokens = suite.sandbox.issueTokens(accountId);
            ObjectNode account = SweepValues.NODES.objectNode().put("channel", "x").put("platformAccountId", accountId)
                    .put("handle", handle).put("displayName", handle);
            account.putObject("oauth").put("accessToken", tokens.accessToken()).put("refreshToken", tokens.refreshToken())
                    .put("expiresAt", tokens.expiresAt().toString());
            SuiteApi.Answer registered = SuiteApi.json("POST", suite.url("ingest-service") + "/api/v1/channel-accounts",
                    suite.token("admin"), account);
            if (!throughOutpost(handle)) {
                if (registered.status() != 201) {
                    failed.add(handle + ": account " + registered.status() + " " + registered.body());
                } else {
                    brands.put(handle, new Brand(handle, accountId, null, null));
                }
                return;
            }
            String username = "twcs-" + handle.toLowerCase(java.util.Locale.ROOT);
            SuiteApi.Answer agent = SuiteApi.json("POST", suite.url("routing-service") + "/api/v1/agents",
                    suite.token("supervisor"), Map.of("username", username, "displayName", handle + " care", "team", handle,
                            "skills", Map.of("billing", 3), "languages", List.of("en"), "channels", Map.of("x", 100)));
            if (registered.status() != 201 || agent.status() != 201) {
                failed.add(handle + ": account " + registered.status() + " " + registered.body() + ", agent " + agent.status()
                        + " " + agent.body());
                return;
            }
            brands.put(handle, new Brand(handle, accountId, agent.json().path("id").asText(), username));
        });
        assertThat(failed).as("brand accounts and agents registered").isEmpty();
        return brands;
    }

    static boolean throughOutpost(String handle) {
        String chosen = System.getProperty("outpost.system.replay-brands", "");
        if (chosen.isBlank()) {
            return DEFAULT_BRANDS_THROUGH_OUTPOST.contains(handle);
        }
        return "all".equals(chosen) || Set.of(chosen.split(",")).contains(handle);
    }

    /**
     * The replay: every tweet in its conversation's order, one conversation per thread, several at once, started in
     * the order of their first tweet. A customer tweet goes to the webhook as X would deliver it (after the one before
     * it was acknowledged). A brand tweet after the opening waits until case-service holds the customer tweets before
     * it, then the brand's agent sends it as a public reply, and the next tweet waits until the echo confirmed it (a
     * customer answering the brand's tweet replies to it on the platform). After the last tweet the agent resolves the
     * case.
     */
    private static final class Replay {

        final TwcsConversations data;
        final Map<String, Brand> brands;
        final List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> standIns = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.atomic.AtomicInteger typedOnPlatform = new java.util.concurrent.atomic.AtomicInteger();
        /** Brand tweet id → the reply it was sent as. */
        final Map<String, SentReply> sent = new java.util.concurrent.ConcurrentHashMap<>();
        /** Per conversation (root), the recorded answers asked of the reply API and not yet taken by the X stand-in. */
        final Map<String, java.util.concurrent.ConcurrentLinkedDeque<Tweet>> expected = new java.util.concurrent.ConcurrentHashMap<>();
        final String webhook = suite.url("ingest-service") + "/webhooks/x";
        final String cases = suite.url("case-service") + "/api/v1/cases";
        final String supervisor = suite.token("supervisor");

        Replay(TwcsConversations data, Map<String, Brand> brands) {
            this.data = data;
            this.brands = brands;
        }

        /**
         * The X stand-in's question for each tweet it accepts: which recorded tweet is it? A reply answers the latest
         * customer tweet of its case, so its conversation is that tweet's; the conversation's answers are sent one at
         * a time, so the first one waiting is this one.
         */
        Optional<io.outpost.devstack.ChannelSandbox.RecordedTweet> recorded(String account, String inReplyTo, String text) {
            Conversation c = inReplyTo == null ? null : data.conversationOf.get(inReplyTo);
            var waiting = c == null ? null : expected.get(c.root());
            Tweet t = waiting == null ? null : waiting.poll();
            if (t == null) {
                failures.add("a tweet the replay did not send: account " + account + ", in reply to " + inReplyTo + ": " + text);
                return Optional.empty();
            }
            return Optional.of(new io.outpost.devstack.ChannelSandbox.RecordedTweet(t.id(), t.createdAt()));
        }

        long answeredMillis;

        void run() throws Exception {
            long started = System.nanoTime();
            var answered = java.util.concurrent.Executors.newFixedThreadPool(ANSWERED_IN_FLIGHT);
            var others = java.util.concurrent.Executors.newFixedThreadPool(CONVERSATIONS_IN_FLIGHT);
            try {
                // First the conversations answered through Outpost, the most answers first (their chains are the longest:
                // each answer waits for a round trip through three services and the X stand-in); then the others.
                List<Conversation> order = new ArrayList<>(data.conversations);
                order.sort(java.util.Comparator.comparingInt((Conversation c) -> -c.answersAfterOpening().size()));
                List<java.util.concurrent.Future<?>> done = new ArrayList<>();
                for (Conversation c : order) {
                    if (c.brand().map(brands::get).filter(Brand::throughOutpost).isPresent()) {
                        done.add(answered.submit(() -> conversation(c)));
                    }
                }
                for (var f : done) {
                    f.get();
                }
                answeredMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
                done.clear();
                for (Conversation c : data.conversations) {
                    if (c.brand().map(brands::get).filter(Brand::throughOutpost).isEmpty()) {
                        done.add(others.submit(() -> conversation(c)));
                    }
                }
                for (var f : done) {
                    f.get();
                }
            } finally {
                answered.shutdown();
                others.shutdown();
            }
        }

        private void conversation(Conversation c) {
            try {
                replayConversation(c);
            } catch (RuntimeException | AssertionError e) {
                failures.add("conversation " + c.root() + ": " + e);
            }
        }

        /** Milliseconds: until case-service held the tweets before an answer; from an answer's request to its echo. */
        final List<Long> caseWaits = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Long> roundTrips = java.util.Collections.synchronizedList(new ArrayList<>());

        private void replayConversation(Conversation c) {
            Brand brand = c.brand().map(brands::get).orElse(null);
            String forUser = brand == null ? Long.toString(BRAND_ID_BASE - 1) : brand.accountId();
            List<String> customerTweets = new ArrayList<>();
            String caseId = null;
            for (Tweet t : c.tweets()) {
                if (t.inbound() || customerTweets.isEmpty() || !brand.throughOutpost()) {
                    // A customer's tweet; or the brand's typed on the platform: before any customer tweet (no case to send
                    // it from), or of a brand not answering through Outpost in this run.
                    deliver(forUser, t, t.inbound() ? t.author() : brand.accountId());
                    if (t.inbound()) {
                        customerTweets.add(t.id());
                    } else {
                        typedOnPlatform.incrementAndGet();
                    }
                    continue;
                }
                long waitFrom = System.nanoTime();
                caseId = caseHolding(caseId, customerTweets, brand);
                caseWaits.add(Duration.ofNanos(System.nanoTime() - waitFrom).toMillis());
                reply(c, caseId, brand, t);
            }
            if (!customerTweets.isEmpty() && brand != null && brand.throughOutpost()) {
                caseId = caseHolding(caseId, customerTweets, brand);
                SuiteApi.Answer resolved = asBrandAgent(caseId, brand, "PATCH", cases + "/" + caseId,
                        Map.of("status", "resolved"));
                if (resolved.status() == 422 && c.answersAfterOpening().isEmpty()) {
                    // Never answered in public after the opening: closing publicly needs the assigned agent's override.
                    resolved = asBrandAgent(caseId, brand, "PATCH", cases + "/" + caseId,
                            Map.of("status", "resolved", "closePubliclyOverride", true));
                }
                resolved.require(200);
            }
        }

        private void deliver(String forUser, Tweet t, String author) {
            ObjectNode delivery = PlatformDeliveries.tweetCreate(forUser,
                    PlatformDeliveries.tweet(t.id(), author, t.author(), t.text(), t.createdAt(), t.inReplyTo()));
            byte[] body = Mutations.bytes(delivery);
            outcomes.add(Exchanges.send(new Call("tweet " + t.id(), "POST", webhook,
                    Exchanges.headers("Content-Type", "application/json", PlatformDeliveries.X_SIGNATURE,
                            PlatformDeliveries.xSignature(suite.xConsumerSecret, body)), body, null)));
        }

        /**
         * The conversation's case once it holds every customer tweet sent so far (a reply answers the latest one) and
         * is the brand's agent's (the agent may reply to their own cases). A supervisor gives it to them; routing may
         * have offered the new case to another test's available agent at the same moment, and that assignment, applied
         * after the supervisor's, takes it away again: then the supervisor gives it back (routing then holds it for
         * the brand's agent "as case-service says", and never assigns it again).
         */
        private String caseHolding(String known, List<String> customerTweets, Brand brand) {
            long deadline = System.nanoTime() + STEP_DEADLINE.toNanos();
            String caseId = known;
            while (true) {
                if (caseId == null) {
                    JsonNode page = SuiteApi.get(cases + "?channel=x&postExternalId=" + customerTweets.get(0), supervisor)
                            .require(200).json();
                    if (page.path("items").size() > 0) {
                        caseId = page.path("items").get(0).path("id").asText();
                    }
                }
                if (caseId != null) {
                    JsonNode kase = SuiteApi.get(cases + "/" + caseId, supervisor).require(200).json();
                    if (!brand.agentId().equals(kase.path("assignee").path("id").asText())) {
                        giveToBrandAgent(caseId, brand);
                    } else {
                        Set<String> held = new HashSet<>();
                        kase.path("posts").forEach(p -> held.add(p.path("externalId").asText()));
                        if (held.containsAll(customerTweets)) {
                            return caseId;
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("case " + caseId + " does not hold " + customerTweets + " after " + STEP_DEADLINE);
                }
                sleep(200);
            }
        }

        private void giveToBrandAgent(String caseId, Brand brand) {
            SuiteApi.json("PATCH", cases + "/" + caseId, supervisor, Map.of("assignee", Map.of("id", brand.agentId(),
                    "name", brand.handle() + " care", "team", brand.handle(), "username", brand.username())))
                    .require(200);
        }

        /**
         * A call as the brand's agent on the case; a 404 (the case was just taken by routing's concurrent assignment, see
         * {@link #caseHolding}) gives it back and tries again, at most three times.
         */
        private SuiteApi.Answer asBrandAgent(String caseId, Brand brand, String method, String path, Map<String, ?> body) {
            SuiteApi.Answer answer = SuiteApi.json(method, path, agentToken(brand), body);
            for (int again = 0; again < 3 && answer.status() == 404; again++) {
                giveToBrandAgent(caseId, brand);
                sleep(500);
                answer = SuiteApi.json(method, path, agentToken(brand), body);
            }
            return answer;
        }

        /** Sends the recorded answer as the brand's agent and waits until its echo confirmed it. */
        private void reply(Conversation c, String caseId, Brand brand, Tweet t) {
            var waiting = expected.computeIfAbsent(c.root(), k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
            waiting.add(t);
            SuiteApi.Answer answer = asBrandAgent(caseId, brand, "POST", cases + "/" + caseId + "/replies",
                    Map.of("text", t.text(), "visibility", "public"));
            boolean standIn = false;
            if (answer.status() == 422) {
                // Outpost's rules refuse some of 2017's answers (280 characters with the agent's signature; a link
                // without an answer): the agent writes another, which is as good an answer for the figures.
                standIns.add(t.id() + " (" + brand.handle() + "): " + answer.json().path("detail").asText());
                standIn = true;
                answer = asBrandAgent(caseId, brand, "POST", cases + "/" + caseId + "/replies",
                        Map.of("text", STAND_IN_TEXT, "visibility", "public"));
            }
            if (answer.status() != 201) {
                waiting.remove(t);
                throw new AssertionError("reply to case " + caseId + " for tweet " + t.id() + ": " + answer.status() + " "
                        + answer.body());
            }
            String replyId = answer.json().path("id").asText();
            long requested = System.nanoTime();
            long deadline = System.nanoTime() + STEP_DEADLINE.toNanos();
            while (true) {
                JsonNode reply = null;
                for (JsonNode entry : SuiteApi.get(cases + "/" + caseId + "/timeline", supervisor).require(200).json()
                        .path("entries")) {
                    if ("reply".equals(entry.path("type").asText()) && replyId.equals(entry.path("reply").path("id").asText())) {
                        reply = entry.path("reply");
                    }
                }
                if (reply != null && (reply.hasNonNull("confirmedAt") || "failed".equals(reply.path("status").asText()))) {
                    sent.put(t.id(), new SentReply(t, caseId, replyId, reply, standIn));
                    roundTrips.add(Duration.ofNanos(System.nanoTime() - requested).toMillis());
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("reply " + replyId + " (tweet " + t.id() + ") not confirmed after "
                            + STEP_DEADLINE + ": " + reply);
                }
                sleep(200);
            }
        }

        private final Map<String, String> agentTokens = new java.util.concurrent.ConcurrentHashMap<>();

        private String agentToken(Brand brand) {
            return agentTokens.computeIfAbsent(brand.username(), u -> suite.token(u, "agent"));
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
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
