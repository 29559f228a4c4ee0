package io.outpost.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestTokens;
import io.outpost.ingest.PostEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every post.ingested carries the enrichment; bots and spam are hidden (the repeat window is in the database). */
@QuarkusTest
class EnrichmentTest {

    /** One settle for the class's post counts: {@link PostEvents#settledOnce()}. */
    static final PostEvents.SettledOnce POSTS = PostEvents.settledOnce();

    @AfterAll
    static void settled() {
        POSTS.assertSettled();
    }

    static void post(String externalId, String author, String text, Instant createdAt) {
        given().auth().oauth2(TestTokens.integration()).contentType(ContentType.JSON)
                .body("""
                        {"channel":"forum","externalId":"%s","author":{"platformUserId":"%s","handle":"h-%s"},
                         "text":"%s","createdAt":"%s"}
                        """.formatted(externalId, author, author, text, createdAt))
                .when().post("/api/v1/posts").then().statusCode(202);
    }

    @Test
    void aPostCarriesItsLanguageSentimentIntentAndUrgency() {
        String run = UUID.randomUUID().toString();
        post("e-" + run, "a-" + run, "I was charged twice for my October invoice and nobody answers, this is terrible " + run,
                Instant.parse("2026-11-01T09:30:00Z"));
        post("s-" + run, "b-" + run, "Hola, mi pedido no ha llegado todavía y necesito ayuda por favor " + run,
                Instant.parse("2026-11-01T09:31:00Z"));

        List<ConsumerRecord<String, String>> records = POSTS.exactly(run, 2);
        PostIngested.Enrichment english = PostEvents.byExternalId(records, "e-" + run).enrichment();
        assertThat(english.language()).isEqualTo("en");
        assertThat(english.intent()).isEqualTo("billing");
        assertThat(english.urgencyHints()).containsExactly("charged twice");
        assertThat(english.sentiment()).isLessThan(0.0);
        assertThat(english.hiddenReason()).isNull();
        assertThat(PostEvents.byExternalId(records, "s-" + run).enrichment().language()).isEqualTo("es");
    }

    @Test
    void theThirdCopyOfOneTextByOneAuthorWithinTheWindowIsHiddenOthersAreNot() {
        String run = UUID.randomUUID().toString();
        String bot = "bot-" + run;
        String text = "Check out my new channel for the best deals every day " + run;
        Instant start = Instant.parse("2026-11-02T10:00:00Z");
        post("r1-" + run, bot, text, start);
        post("r2-" + run, bot, text.toUpperCase() + "!!", start.plusSeconds(600));
        post("r3-" + run, bot, text, start.plusSeconds(1200));
        // Another author with the same words, and the same author again after the window: not bots' repeats.
        post("o1-" + run, "other-" + run, text, start.plusSeconds(1300));
        post("r4-" + run, bot, text, start.plusSeconds(1200 + 3 * 3600));

        List<ConsumerRecord<String, String>> records = POSTS.exactly(run, 5);
        assertThat(hidden(records, "r1-" + run)).isNull();
        assertThat(hidden(records, "r2-" + run)).as("the second copy (case and punctuation differ)").isNull();
        assertThat(hidden(records, "r3-" + run)).startsWith("bot: same text repeated by the author (3 copies within PT1H)");
        assertThat(hidden(records, "o1-" + run)).isNull();
        assertThat(hidden(records, "r4-" + run)).isNull();
    }

    @Test
    void manyAuthorsOfUnknownAccountAgeQuotingOneMessageStayVisible() {
        // The post API (like Meta and imports) tells nothing about the accounts: nobody is a new account,
        // so the campaign rule never hides real customers quoting the same outage notice.
        String run = UUID.randomUUID().toString();
        String text = "Service notice: our network is down in your area, engineers are on site " + run;
        Instant start = Instant.parse("2026-11-04T10:00:00Z");
        for (int i = 1; i <= 8; i++) {
            post("q" + i + "-" + run, "customer" + i + "-" + run, text, start.plusSeconds(i));
        }

        List<ConsumerRecord<String, String>> records = POSTS.exactly(run, 8);
        for (int i = 1; i <= 8; i++) {
            assertThat(hidden(records, "q" + i + "-" + run)).as("post " + i).isNull();
        }
    }

    @Test
    void aPostMatchingASpamRuleIsHidden() {
        String run = UUID.randomUUID().toString();
        post("sp-" + run, "spammer-" + run, "Get free followers today, 10k in an hour " + run, Instant.parse("2026-11-03T10:00:00Z"));

        assertThat(hidden(POSTS.exactly(run, 1), "sp-" + run)).isEqualTo("spam: follower-selling");
    }

    private static String hidden(List<ConsumerRecord<String, String>> records, String externalId) {
        return PostEvents.byExternalId(records, externalId).enrichment().hiddenReason();
    }
}
