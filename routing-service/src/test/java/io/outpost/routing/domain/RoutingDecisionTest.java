package io.outpost.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RoutingDecisionTest {

    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    static AgentProfile agent(String id, Presence presence, Map<String, Integer> capacity, Map<String, Integer> load,
            Map<String, Integer> skills, Set<String> languages, Instant idleSince) {
        return new AgentProfile(UUID.fromString(id), "Agent " + id.charAt(0), presence, skills, languages, capacity, load,
                idleSince);
    }

    static AgentProfile available(String id, int capacityOnX, int loadOnX, Instant idleSince) {
        return agent(id, Presence.AVAILABLE, Map.of("x", capacityOnX), Map.of("x", loadOnX), Map.of("billing", 3),
                Set.of("en"), idleSince);
    }

    static WaitingCase onX(Set<String> skills, String language) {
        return new WaitingCase(UUID.randomUUID(), "x", 3, skills, language, T0);
    }

    static final String A = "00000000-0000-0000-0000-00000000000a";
    static final String B = "00000000-0000-0000-0000-00000000000b";
    static final String C = "00000000-0000-0000-0000-00000000000c";

    @Nested
    class Eligibility {

        @Test
        void anAvailableAgentWithFreeCapacitySkillsAndLanguageIsEligible() {
            assertThat(RoutingDecision.whyNot(available(A, 2, 1, T0), onX(Set.of("billing"), "en"))).isEmpty();
        }

        @Test
        void onlyAvailableAgentsTakeCases() {
            for (Presence p : List.of(Presence.BUSY, Presence.AWAY, Presence.OFFLINE)) {
                AgentProfile agent = agent(A, p, Map.of("x", 2), Map.of(), Map.of(), Set.of(), T0);
                assertThat(RoutingDecision.whyNot(agent, onX(Set.of(), null))).contains("is " + p.wireName());
            }
        }

        @Test
        void anAgentAtCapacityOnTheChannelIsNotEligibleEvenWithRoomElsewhere() {
            AgentProfile full = agent(A, Presence.AVAILABLE, Map.of("x", 2, "facebook", 5), Map.of("x", 2), Map.of(),
                    Set.of(), T0);
            assertThat(RoutingDecision.whyNot(full, onX(Set.of(), null))).contains("is at capacity on x (2 of 2)");
        }

        @Test
        void anAgentWithoutTheChannelOrWithZeroCapacityOnItIsNotEligible() {
            AgentProfile facebookOnly = agent(A, Presence.AVAILABLE, Map.of("facebook", 3), Map.of(), Map.of(), Set.of(), T0);
            AgentProfile zero = agent(B, Presence.AVAILABLE, Map.of("x", 0), Map.of(), Map.of(), Set.of(), T0);
            assertThat(RoutingDecision.whyNot(facebookOnly, onX(Set.of(), null))).contains("does not work on x");
            assertThat(RoutingDecision.whyNot(zero, onX(Set.of(), null))).contains("does not work on x");
        }

        @Test
        void everyRequiredSkillIsNeeded() {
            AgentProfile agent = available(A, 2, 0, T0);
            assertThat(RoutingDecision.whyNot(agent, onX(Set.of("billing", "router", "5g"), null)))
                    .contains("lacks 5g, router");
        }

        @Test
        void theCaseLanguageIsNeededWhenKnown() {
            AgentProfile agent = available(A, 2, 0, T0);
            assertThat(RoutingDecision.whyNot(agent, onX(Set.of(), "de"))).contains("does not speak de");
            assertThat(RoutingDecision.whyNot(agent, onX(Set.of(), null))).isEmpty();
        }
    }

    @Nested
    class Ranking {

        @Test
        void lowestOccupancyWinsAcrossDifferentCapacities() {
            AgentProfile half = available(A, 4, 2, T0.minusSeconds(3600)); // 50 %, idle longest
            AgentProfile third = available(B, 3, 1, T0); // 33 %
            AgentProfile empty = available(C, 1, 0, T0.plusSeconds(60)); // 0 %, idle shortest
            assertThat(RoutingDecision.rank(onX(Set.of(), null), List.of(half, third, empty)))
                    .extracting(AgentProfile::id)
                    .containsExactly(empty.id(), third.id(), half.id());
        }

        @Test
        void occupancyCountsEveryChannel() {
            AgentProfile busyOnFacebook = agent(A, Presence.AVAILABLE, Map.of("x", 2, "facebook", 2), Map.of("facebook", 2),
                    Map.of(), Set.of(), T0.minusSeconds(600));
            AgentProfile idle = agent(B, Presence.AVAILABLE, Map.of("x", 2, "facebook", 2), Map.of(), Map.of(), Set.of(), T0);
            assertThat(RoutingDecision.choose(onX(Set.of(), null), List.of(busyOnFacebook, idle)))
                    .hasValueSatisfying(choice -> assertThat(choice.agent().id()).isEqualTo(idle.id()));
        }

        @Test
        void atEqualOccupancyTheLongestIdleWins() {
            AgentProfile recent = available(A, 2, 1, T0);
            AgentProfile longIdle = available(B, 4, 2, T0.minusSeconds(120));
            assertThat(RoutingDecision.choose(onX(Set.of(), null), List.of(recent, longIdle)))
                    .hasValueSatisfying(choice -> assertThat(choice.agent().id()).isEqualTo(longIdle.id()));
        }

        @Test
        void completeTiesAreBrokenByIdWhateverTheInputOrder() {
            AgentProfile a = available(A, 2, 0, T0);
            AgentProfile b = available(B, 2, 0, T0);
            AgentProfile c = available(C, 2, 0, T0);
            WaitingCase wanted = onX(Set.of(), null);
            assertThat(RoutingDecision.rank(wanted, List.of(c, a, b))).extracting(AgentProfile::id)
                    .containsExactly(a.id(), b.id(), c.id());
            assertThat(RoutingDecision.rank(wanted, List.of(b, c, a))).extracting(AgentProfile::id)
                    .containsExactly(a.id(), b.id(), c.id());
        }

        @Test
        void ineligibleAgentsAreNeverChosenHoweverIdle() {
            AgentProfile full = available(A, 1, 1, T0.minusSeconds(9999));
            AgentProfile offline = agent(B, Presence.OFFLINE, Map.of("x", 5), Map.of(), Map.of("billing", 5), Set.of("en"),
                    T0.minusSeconds(9999));
            AgentProfile ok = available(C, 2, 1, T0);
            assertThat(RoutingDecision.rank(onX(Set.of("billing"), "en"), List.of(full, offline, ok)))
                    .extracting(AgentProfile::id).containsExactly(ok.id());
        }

        @Test
        void nobodyEligibleMeansTheCaseWaits() {
            assertThat(RoutingDecision.choose(onX(Set.of("legal"), null), List.of(available(A, 2, 0, T0)))).isEmpty();
            assertThat(RoutingDecision.choose(onX(Set.of(), null), List.of())).isEmpty();
        }

        @Test
        void theChoiceExplainsItself() {
            AgentProfile a = available(A, 4, 1, T0);
            AgentProfile b = available(B, 4, 2, T0);
            RoutingDecision.Choice choice = RoutingDecision.choose(onX(Set.of("billing"), "en"), List.of(a, b)).orElseThrow();
            assertThat(choice.eligibleCount()).isEqualTo(2);
            assertThat(choice.reason())
                    .contains("Agent 0 is available with free capacity on x (1 of 4 in use)")
                    .contains("has billing (3)")
                    .contains("speaks en")
                    .contains("best of 2 eligible agent(s) by occupancy (25%)")
                    .hasSizeLessThanOrEqualTo(RoutingDecision.MAX_REASON);
        }
    }

    @Nested
    class Queue {

        static WaitingCase waiting(String channel, int priority, Instant enqueuedAt, Set<String> skills) {
            return new WaitingCase(UUID.randomUUID(), channel, priority, skills, null, enqueuedAt);
        }

        @Test
        void anAgentTakesUrgentCasesFirstThenTheOldestUpToCapacity() {
            WaitingCase oldLow = waiting("x", 4, T0, Set.of());
            WaitingCase newUrgent = waiting("x", 1, T0.plusSeconds(300), Set.of());
            WaitingCase oldNormal = waiting("x", 3, T0.plusSeconds(10), Set.of());
            WaitingCase newNormal = waiting("x", 3, T0.plusSeconds(20), Set.of());
            AgentProfile agent = available(A, 3, 0, T0);
            assertThat(RoutingDecision.takeFor(agent, List.of(oldLow, newNormal, newUrgent, oldNormal)))
                    .containsExactly(newUrgent, oldNormal, newNormal);
        }

        @Test
        void capacityIsCountedPerChannelAndIneligibleCasesAreSkipped() {
            AgentProfile agent = agent(A, Presence.AVAILABLE, Map.of("x", 2, "facebook", 1), Map.of("x", 1),
                    Map.of("billing", 2), Set.of(), T0);
            WaitingCase x1 = waiting("x", 3, T0, Set.of());
            WaitingCase x2 = waiting("x", 3, T0.plusSeconds(1), Set.of());
            WaitingCase needsLegal = waiting("facebook", 1, T0, Set.of("legal"));
            WaitingCase fb1 = waiting("facebook", 2, T0, Set.of("billing"));
            WaitingCase fb2 = waiting("facebook", 2, T0.plusSeconds(1), Set.of());
            WaitingCase chat = waiting("chat", 1, T0, Set.of());
            assertThat(RoutingDecision.takeFor(agent, List.of(x1, x2, needsLegal, fb1, fb2, chat)))
                    .containsExactly(fb1, x1);
        }

        @Test
        void anUnavailableOrFullAgentTakesNothing() {
            WaitingCase c = waiting("x", 1, T0, Set.of());
            assertThat(RoutingDecision.takeFor(available(A, 1, 1, T0), List.of(c))).isEmpty();
            assertThat(RoutingDecision.takeFor(agent(A, Presence.AWAY, Map.of("x", 3), Map.of(), Map.of(), Set.of(), T0),
                    List.of(c))).isEmpty();
        }

        @Test
        void equalPriorityAndTimeAreOrderedByCaseId() {
            WaitingCase first = new WaitingCase(UUID.fromString(A), "x", 2, Set.of(), null, T0);
            WaitingCase second = new WaitingCase(UUID.fromString(B), "x", 2, Set.of(), null, T0);
            assertThat(RoutingDecision.takeFor(available(C, 1, 0, T0), List.of(second, first))).containsExactly(first);
        }
    }
}
