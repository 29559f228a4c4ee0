package io.outpost.ingest.api;

import static io.outpost.ingest.api.XWebhookResourceTest.deliverSigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.outpost.contracts.events.PostIngested;
import io.outpost.ingest.PostEvents;
import io.outpost.ingest.WebhookSamples;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One text from many new accounts, through the signed X webhook on real Kafka and PostgreSQL: the
 * profile X sends with each tweet tells the account's age; the 5th new account (shipped defaults: 5
 * accounts, 10 minutes, younger than 30 days) and later ones are hidden; old accounts never are.
 */
@QuarkusTest
class CampaignTest {

    /** One settle for the class's post counts: {@link PostEvents#settledOnce()}. */
    static final PostEvents.SettledOnce POSTS = PostEvents.settledOnce();

    @AfterAll
    static void settled() {
        POSTS.assertSettled();
    }

    /** A random minute of 2019, so that runs on the same database do not meet in each other's windows. */
    static Instant somewhenIn2019() {
        return Instant.parse("2019-01-01T00:00:00Z").plus(ThreadLocalRandom.current().nextLong(360 * 24 * 60), ChronoUnit.MINUTES);
    }

    static String tweet(String run, String account, Instant postedAt, Instant accountCreatedAt) {
        return WebhookSamples.xTweet(run, "2244994945" + run, account, postedAt, accountCreatedAt,
                "Acme stole my money and will steal yours, switch to a real provider today " + run);
    }

    static void deliver(String run, String account, Instant postedAt, Instant accountCreatedAt) {
        deliverSigned(tweet(run, account, postedAt, accountCreatedAt)).statusCode(200).body("accepted", is(1));
    }

    /** The hidden reason of each post, by its account's two digits (null: visible). */
    static Map<String, String> hiddenByAccount(List<ConsumerRecord<String, String>> records, String run) {
        Map<String, String> hidden = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            PostIngested post = io.outpost.devstack.TestEvents.payload(record, PostIngested.class);
            String account = post.externalId().substring("18610000".length(), "18610000".length() + 2);
            hidden.put(account, post.enrichment() == null ? null : post.enrichment().hiddenReason());
        }
        return hidden;
    }

    @Test
    void theFifthNewAccountPostingOneTextIsHiddenAndOldAccountsPostingItAreNot() {
        String run = WebhookSamples.newRun();
        Instant t = somewhenIn2019();
        Instant newAccount = t.minus(Duration.ofDays(3));
        Instant oldAccount = t.minus(Duration.ofDays(3 * 365));

        for (int i = 1; i <= 4; i++) {
            deliver(run, "0" + i, t.plusSeconds(i), newAccount);
        }
        // Real customers (old accounts) quoting the same words in between: never counted, never hidden.
        for (int i = 1; i <= 3; i++) {
            deliver(run, "1" + i, t.plusSeconds(4 + i), oldAccount);
        }
        deliver(run, "05", t.plusSeconds(8), newAccount);
        deliver(run, "06", t.plusSeconds(9), newAccount);
        deliver(run, "14", t.plusSeconds(10), oldAccount);
        // A new account 20 minutes later: the others are outside the 10-minute window.
        deliver(run, "07", t.plus(Duration.ofMinutes(20)), newAccount);

        List<ConsumerRecord<String, String>> records = POSTS.exactly(run, 11);
        Map<String, String> hidden = hiddenByAccount(records, run);
        assertThat(hidden).hasSize(11);
        for (String visible : List.of("01", "02", "03", "04", "11", "12", "13", "14", "07")) {
            assertThat(hidden.get(visible)).as("account " + visible).isNull();
        }
        assertThat(hidden.get("05")).isEqualTo("spam: same text from 5 new accounts in 10 minutes");
        assertThat(hidden.get("06")).isEqualTo("spam: same text from 6 new accounts in 10 minutes");

        PostIngested fifth = PostEvents.byExternalId(records, "1861000005" + run);
        assertThat(fifth.author().profile()).isEqualTo(new PostIngested.Profile(null, null, null,
                newAccount.truncatedTo(ChronoUnit.SECONDS), 0, false));
    }

    @Test
    void newAccountsPostingAtTheSameMomentThroughSeparateDeliveriesAreCountedAllTheSame() {
        String run = WebhookSamples.newRun();
        Instant t = somewhenIn2019();
        Instant newAccount = t.minus(Duration.ofDays(1));

        // Seven deliveries at once: without the per-text lock each transaction could miss the others.
        List<CompletableFuture<Void>> deliveries = IntStream.rangeClosed(1, 7)
                .mapToObj(i -> CompletableFuture.runAsync(() -> deliver(run, "2" + i, t, newAccount)))
                .toList();
        deliveries.forEach(CompletableFuture::join);

        Map<String, String> hidden = hiddenByAccount(POSTS.exactly(run, 7), run);
        assertThat(hidden.values()).filteredOn(reason -> reason == null).as("the first four to commit").hasSize(4);
        assertThat(hidden.values()).filteredOn(reason -> reason != null).containsExactlyInAnyOrder(
                "spam: same text from 5 new accounts in 10 minutes",
                "spam: same text from 6 new accounts in 10 minutes",
                "spam: same text from 7 new accounts in 10 minutes");
    }
}
