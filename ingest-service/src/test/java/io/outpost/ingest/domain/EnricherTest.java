package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.contracts.events.PostIngested;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure detectors: rules, phrases, spam, repeats, text normalization (no language models here). */
class EnricherTest {

    static final IntentRules INTENTS = IntentRules.of(List.of(
            new IntentRules.Definition("resolved", "praise", 5, "\\bthat (fixed|worked)"),
            new IntentRules.Definition("outage", null, 10, "\\b(outage|no internet)\\b"),
            new IntentRules.Definition("billing", null, 20, "\\b(charged|refund)\\b"),
            new IntentRules.Definition("question", null, 50, "\\?"),
            new IntentRules.Definition("praise", null, 60, "\\bthanks?\\b")));

    @Test
    void theFirstRuleInPriorityOrderGivesTheIntentElseOther() {
        assertThat(INTENTS.classify("@AcmeHelp no internet since 8am, and I was charged for it?")).isEqualTo("outage");
        assertThat(INTENTS.classify("why was I CHARGED twice?")).isEqualTo("billing");
        assertThat(INTENTS.classify("That fixed it, thanks")).as("a rule may name another intent").isEqualTo("praise");
        assertThat(INTENTS.classify("Thanks!")).isEqualTo("praise");
        assertThat(INTENTS.classify("@AcmeHelp https://t.co/x?y")).as("handles and links are not read").isEqualTo("other");
        assertThat(INTENTS.rules()).extracting(IntentRules.Rule::name)
                .containsExactly("resolved", "outage", "billing", "question", "praise");
    }

    @Test
    void intentRulesThatCannotWorkAreRefusedAtStartUp() {
        assertThatThrownBy(() -> IntentRules.of(List.of(new IntentRules.Definition("Bad Name", null, 1, "x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad Name");
        assertThatThrownBy(() -> IntentRules.of(List.of(new IntentRules.Definition("broken", null, 1, "(unclosed"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("broken");
    }

    @Test
    void urgencyPhrasesAreFoundAsWholeWordsInConfigurationOrder() {
        UrgencyPhrases phrases = new UrgencyPhrases(List.of("charged twice", "cancel", "outage"));
        assertThat(phrases.find("I was CHARGED   twice, I will cancel. Outage again")).containsExactly("charged twice", "cancel", "outage");
        assertThat(phrases.find("the cancellation went fine")).as("not inside a longer word").isEmpty();
        assertThat(phrases.find("@cancel_help hello")).as("not in a handle").isEmpty();
    }

    @Test
    void spamRulesHideByTheFirstMatchingRuleName() {
        SpamRules spam = new SpamRules(Map.of(
                "b-followers", "\\bfree followers\\b",
                "a-shortener", "^\\s*https?://bit\\.ly/\\S+\\s*$"));
        assertThat(spam.hiddenReason("get FREE followers now")).contains("spam: b-followers");
        assertThat(spam.hiddenReason("https://bit.ly/abc")).contains("spam: a-shortener");
        assertThat(spam.hiddenReason("my photo https://bit.ly/abc of the damage")).isEmpty();
    }

    @Test
    void repeatsAreComparedNormalizedAndOnlyWhenLongEnough() {
        assertThat(PostText.normalizedForRepeats("@BotA Best DEALS here!!! https://t.co/1"))
                .isEqualTo(PostText.normalizedForRepeats("@BotB best deals here https://t.co/2"))
                .isEqualTo("best deals here");
        assertThat(PostText.normalizedForRepeats("Café ça va")).isEqualTo("cafe ca va");
        assertThat(PostText.fingerprint("best deals here")).hasSize(64).isEqualTo(PostText.fingerprint("best deals here"));

        RepeatPolicy policy = new RepeatPolicy(3, Duration.ofHours(1), 20);
        assertThat(policy.applies("yes")).isFalse();
        assertThat(policy.applies("best deals here every single day")).isTrue();
        assertThat(policy.hiddenReason(0)).isEmpty();
        assertThat(policy.hiddenReason(1)).isEmpty();
        assertThat(policy.hiddenReason(2)).contains("bot: same text repeated by the author (3 copies within PT1H)");
        assertThatThrownBy(() -> new RepeatPolicy(1, Duration.ofHours(1), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailingDetectorLeavesItsFieldOutAndTheRestIsKept() {
        IntentRules failing = IntentRules.of(List.of(new IntentRules.Definition("boom", null, 1, "x")));
        Enricher enricher = new Enricher(failing, new UrgencyPhrases(List.of("outage")), new SpamRules(Map.of()),
                new SentimentScorer() {
                    @Override
                    public double compound(String text) {
                        throw new IllegalStateException("lexicon missing");
                    }
                }, null);

        PostIngested.Enrichment enrichment = enricher.enrich("outage again, x marks the spot");
        assertThat(enrichment.sentiment()).isNull();
        assertThat(enrichment.intent()).isEqualTo("boom");
        assertThat(enrichment.urgencyHints()).containsExactly("outage");
        assertThat(enrichment.language()).isNull();
    }

    @Test
    void sentimentIsVadersCompoundScore() {
        SentimentScorer scorer = new SentimentScorer();
        assertThat(scorer.compound("@AcmeHelp you are awesome, thank you so much!")).isGreaterThan(0.5);
        assertThat(scorer.compound("This is the worst service ever, I hate it")).isLessThan(-0.5);
        assertThat(scorer.compound("My order number is 1234")).isBetween(-0.1, 0.1);
    }
}
