package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdentityStateTest {

    static final Instant T1 = Instant.parse("2026-11-01T08:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-02T08:00:00Z");
    static final Instant T3 = Instant.parse("2026-11-03T08:00:00Z");

    @Test
    void theFirstPostSetsEverythingAndIsNoChange() {
        IdentityState s = IdentityState.firstSighting(new Sighting("@dana ", "Dana K", T1));
        assertThat(s).isEqualTo(new IdentityState("dana", "Dana K", T1, T1, 1));
    }

    @Test
    void aNewHandleInANewerPostIsOneChange() {
        IdentityState s = IdentityState.firstSighting(new Sighting("dana", "Dana", T1));
        IdentityState.Observed o = s.observe(new Sighting("dana_k", null, T2));
        assertThat(o.handleChange()).contains(new HandleChange("dana", "dana_k", T2));
        assertThat(o.state()).isEqualTo(new IdentityState("dana_k", "Dana", T1, T2, 2));

        IdentityState.Observed again = o.state().observe(new Sighting("dana_k", "Dana K", T3));
        assertThat(again.handleChange()).isEmpty();
        assertThat(again.state()).isEqualTo(new IdentityState("dana_k", "Dana K", T1, T3, 3));
    }

    @Test
    void changingBackIsAChangeToo() {
        IdentityState s = IdentityState.firstSighting(new Sighting("a", null, T1))
                .observe(new Sighting("b", null, T2)).state();
        assertThat(s.observe(new Sighting("a", null, T3)).handleChange()).contains(new HandleChange("b", "a", T3));
    }

    @Test
    void aLatePostCountsButNeverRewritesTheCurrentHandle() {
        IdentityState s = IdentityState.firstSighting(new Sighting("new", "New Name", T2));
        IdentityState.Observed late = s.observe(new Sighting("old", "Old Name", T1));
        assertThat(late.handleChange()).isEmpty();
        assertThat(late.state()).isEqualTo(new IdentityState("new", "New Name", T1, T2, 2));
    }

    @Test
    void aLatePostFillsWhatWasUnknown() {
        IdentityState s = IdentityState.firstSighting(new Sighting(null, null, T2));
        IdentityState.Observed late = s.observe(new Sighting("dana", "Dana", T1));
        assertThat(late.handleChange()).isEmpty();
        assertThat(late.state()).isEqualTo(new IdentityState("dana", "Dana", T1, T2, 2));
    }

    @Test
    void aPostWithoutHandleKeepsTheKnownOne() {
        IdentityState s = IdentityState.firstSighting(new Sighting("dana", "Dana", T1));
        IdentityState.Observed o = s.observe(new Sighting("  ", " ", T2));
        assertThat(o.handleChange()).isEmpty();
        assertThat(o.state()).isEqualTo(new IdentityState("dana", "Dana", T1, T2, 2));
    }

    @Test
    void aFirstKnownHandleIsNoChange() {
        IdentityState s = IdentityState.firstSighting(new Sighting(null, null, T1));
        IdentityState.Observed o = s.observe(new Sighting("dana", null, T2));
        assertThat(o.handleChange()).isEmpty();
        assertThat(o.state().handle()).isEqualTo("dana");
    }

    @Test
    void aChangeOfLetterCaseUpdatesTheSpellingOnly() {
        IdentityState s = IdentityState.firstSighting(new Sighting("dana", null, T1));
        IdentityState.Observed o = s.observe(new Sighting("@Dana", null, T2));
        assertThat(o.handleChange()).isEmpty();
        assertThat(o.state().handle()).isEqualTo("Dana");
    }

    @Test
    void postsAtTheSameInstantFollowArrivalOrder() {
        IdentityState s = IdentityState.firstSighting(new Sighting("a", null, T1));
        assertThat(s.observe(new Sighting("b", null, T1)).handleChange()).contains(new HandleChange("a", "b", T1));
    }
}
