package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignPolicyTest {

    static final CampaignPolicy POLICY = new CampaignPolicy(5, Duration.ofMinutes(10), Duration.ofDays(30));
    static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
    static final Instant NEW = T.minus(Duration.ofDays(3));
    static final Instant OLD = T.minus(Duration.ofDays(900));

    static CampaignPolicy.Copy copy(String author, Instant at, Instant accountCreatedAt) {
        return new CampaignPolicy.Copy("x", author, "fp", at, accountCreatedAt);
    }

    @Test
    void anAccountIsNewWhenYoungerThanTheAgeAtTheTimeOfItsPostAndNeverWhenItsAgeIsUnknown() {
        assertThat(POLICY.isNew(T.minus(Duration.ofDays(29)), T)).isTrue();
        assertThat(POLICY.isNew(T.minus(Duration.ofDays(30)), T)).as("exactly the age: not younger").isFalse();
        assertThat(POLICY.isNew(OLD, T)).isFalse();
        assertThat(POLICY.isNew(null, T)).as("Meta, imports, the post API").isFalse();
        // Judged at the post's time, not now: the same account posting a year later is old.
        assertThat(POLICY.isNew(NEW, T.plus(Duration.ofDays(365)))).isFalse();
    }

    @Test
    void fiveNewAccountsInOneBatchHideTheFifthAndLaterOnes() {
        List<CampaignPolicy.Copy> batch = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            batch.add(copy("bot" + i, T.plusSeconds(i), NEW));
        }

        long[] counts = POLICY.newAccountsWithText(batch, List.of());

        assertThat(counts).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(Arrays.stream(counts).mapToObj(POLICY::hiddenReason).map(r -> r.orElse(null)).toList())
                .containsExactly(null, null, null, null,
                        "spam: same text from 5 new accounts in 10 minutes",
                        "spam: same text from 6 new accounts in 10 minutes");
    }

    @Test
    void storedCopiesCountWhenInTheWindowOnTheChannelWithTheTextAndByNewAccounts() {
        List<CampaignPolicy.Copy> stored = List.of(
                copy("bot1", T.minus(Duration.ofMinutes(9)), NEW),
                copy("bot2", T.minus(Duration.ofMinutes(10)), NEW), // the window is inclusive
                copy("bot3", T.minus(Duration.ofMinutes(11)), NEW), // before the window
                copy("bot4", T.plusSeconds(1), NEW), // after the post: not earlier
                copy("old", T.minusSeconds(5), OLD), // an old account does not count
                copy("unknown", T.minusSeconds(5), null), // nor one of unknown age
                new CampaignPolicy.Copy("facebook", "bot5", "fp", T.minusSeconds(5), NEW), // another channel
                new CampaignPolicy.Copy("x", "bot6", "other", T.minusSeconds(5), NEW), // another text
                copy("bot1", T.minusSeconds(30), NEW)); // the same account again: one account

        long[] counts = POLICY.newAccountsWithText(List.of(copy("me", T, NEW)), stored);

        assertThat(counts).containsExactly(3); // bot1, bot2 and the post's own author
    }

    @Test
    void aPostByAnOldOrUnknownAccountIsNeitherCountedNorHiddenWhateverCameBefore() {
        List<CampaignPolicy.Copy> stored = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            stored.add(copy("bot" + i, T.minusSeconds(i), NEW));
        }
        List<CampaignPolicy.Copy> batch = Arrays.asList(copy("customer", T, OLD), copy("meta-user", T, null), null,
                copy("bot10", T, NEW));

        long[] counts = POLICY.newAccountsWithText(batch, stored);

        assertThat(counts).containsExactly(0, 0, 0, 10);
        assertThat(POLICY.hiddenReason(counts[0])).isEmpty();
    }

    @Test
    void aBurstOfOldAccountsQuotingOneMessageStaysVisible() {
        List<CampaignPolicy.Copy> batch = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            batch.add(copy("customer" + i, T.plusSeconds(i), OLD));
        }

        assertThat(POLICY.newAccountsWithText(batch, List.of())).containsOnly(0);
    }

    @Test
    void theWindowReadsAsWordsAndBadSettingsAreRefused() {
        assertThat(CampaignPolicy.describe(Duration.ofMinutes(10))).isEqualTo("10 minutes");
        assertThat(CampaignPolicy.describe(Duration.ofHours(1))).isEqualTo("1 hour");
        assertThat(CampaignPolicy.describe(Duration.ofSeconds(90))).isEqualTo("90 seconds");
        assertThat(CampaignPolicy.describe(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThatThrownBy(() -> new CampaignPolicy(1, Duration.ofMinutes(10), Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> new CampaignPolicy(5, Duration.ZERO, Duration.ofDays(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CampaignPolicy(5, Duration.ofMinutes(10), Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
