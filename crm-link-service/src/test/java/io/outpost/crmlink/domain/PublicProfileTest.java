package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PublicProfileTest {

    static final Instant T1 = Instant.parse("2026-11-01T08:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-02T08:00:00Z");
    static final Instant CREATED = Instant.parse("2019-04-01T00:00:00Z");

    static PublicProfile at(String location, Instant seenAt) {
        return PublicProfile.seen(location, "bio", "https://example.org", CREATED, 12, false, seenAt);
    }

    @Test
    void aNewerProfileReplacesTheStoredOneAsAWhole() {
        PublicProfile stored = at("Leeds, UK", T1);
        PublicProfile newer = PublicProfile.seen(null, null, null, CREATED, 40, true, T2);
        assertThat(PublicProfile.latest(stored, newer)).isEqualTo(newer);
        assertThat(PublicProfile.latest(stored, newer).location()).as("the author cleared it").isNull();
    }

    @Test
    void anOlderPostArrivingLateNeverOverwritesANewerProfile() {
        PublicProfile stored = at("York, UK", T2);
        assertThat(PublicProfile.latest(stored, at("Leeds, UK", T1))).isEqualTo(stored);
        // At the same platform time the later arrival wins, as handles do.
        PublicProfile same = at("Leeds, UK", T2);
        assertThat(PublicProfile.latest(stored, same)).isEqualTo(same);
    }

    @Test
    void aLatePostFillsAProfileNotYetKnownAndNoProfileLeavesTheStoredOneAlone() {
        PublicProfile late = at("Leeds, UK", T1);
        assertThat(PublicProfile.latest(null, late)).isEqualTo(late);
        assertThat(PublicProfile.latest(late, null)).isEqualTo(late);
        assertThat(PublicProfile.latest(null, null)).isNull();
    }

    @Test
    void anEmptyProfileIsNoProfileAndValuesAreCleaned() {
        assertThat(PublicProfile.seen(" ", "", null, null, null, null, T1)).isNull();
        assertThat(PublicProfile.seen(null, null, null, null, -5, null, T1)).as("a negative count is unknown").isNull();
        PublicProfile p = PublicProfile.seen("  Leeds  ", "b".repeat(PublicProfile.MAX_DESCRIPTION + 50), null, null, 3,
                null, T1);
        assertThat(p.location()).isEqualTo("Leeds");
        assertThat(p.description()).hasSize(PublicProfile.MAX_DESCRIPTION);
        assertThat(p.followersCount()).isEqualTo(3);
        assertThat(p.seenAt()).isEqualTo(T1);
    }
}
