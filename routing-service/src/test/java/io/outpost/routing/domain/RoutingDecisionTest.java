package io.outpost.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RoutingDecisionTest {

    static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");

    /** Any proficiency, no rings opening: the plain eligibility rules. */
    static final RoutingRules PLAIN = new RoutingRules(1, 1, null, null, null, null, Set.of(), List.of(), true,
            Duration.ofSeconds(60), Duration.ofSeconds(30));

    /** Rings at 60 / 120 / 300 / 600 s; "upsell" is optional; billing cases belong to team care. */
    static final RoutingRules RINGS = new RoutingRules(4, 2, Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(300), Duration.ofSeconds(600), Set.of("upsell"),
            List.of(new RoutingRules.QueueRule("billing", "care", Set.of("billing"))), true, Duration.ofSeconds(60),
            Duration.ofSeconds(30));

    static AgentProfile agent(String id, Presence presence, Map<String, Integer> capacity, Map<String, Integer> load,
            Map<String, Integer> skills, Set<String> languages, Instant idleSince) {
        return new AgentProfile(UUID.fromString(id), "Agent " + id.charAt(id.length() - 1), presence, skills, languages,
                capacity, load, idleSince);
    }

    static AgentProfile available(String id, int capacityOnX, int loadOnX, Instant idleSince) {
        return agent(id, Presence.AVAILABLE, Map.of("x", capacityOnX), Map.of("x", loadOnX), Map.of("billing", 3),
                Set.of("en"), idleSince);
    }

    static AgentProfile withSkills(String id, Map<String, Integer> skills, String team, boolean supervisor) {
        return new AgentProfile(UUID.fromString(id), "Agent " + id.charAt(id.length() - 1), Presence.AVAILABLE, skills,
                Set.of("en"), Map.of("x", 2), Map.of(), T0, team, supervisor);
    }

    static WaitingCase onX(Set<String> skills, String language) {
        return new WaitingCase(UUID.randomUUID(), "x", 3, skills, language, T0);
    }

    static Set<UUID> ids(RoutingDecision.Decision d) {
        return d.ranked().stream().map(c -> c.agent().id()).collect(java.util.stream.Collectors.toSet());
    }

    static List<UUID> order(RoutingDecision.Decision d) {
        return d.ranked().stream().map(c -> c.agent().id()).toList();
    }

    static String whyNot(AgentProfile a, WaitingCase c) {
        return RoutingDecision.fit(a, c, PLAIN.ringAfter(Duration.ZERO), null, Set.of()).whyNot();
    }

    static final String A = "00000000-0000-0000-0000-00000000000a";
    static final String B = "00000000-0000-0000-0000-00000000000b";
    static final String C = "00000000-0000-0000-0000-00000000000c";
    static final String D = "00000000-0000-0000-0000-00000000000d";

    @Nested
    class Eligibility {

        @Test
        void anAvailableAgentWithFreeCapacitySkillsAndLanguageIsEligible() {
            RoutingDecision.Fit fit = RoutingDecision.fit(available(A, 2, 1, T0), onX(Set.of("billing"), "en"),
                    PLAIN.ringAfter(Duration.ZERO), null, Set.of());
            assertThat(fit.eligible()).isTrue();
            assertThat(fit.basis()).isEqualTo("skills");
        }

        @Test
        void onlyAvailableAgentsTakeCases() {
            for (Presence p : List.of(Presence.BUSY, Presence.AWAY, Presence.OFFLINE)) {
                AgentProfile agent = agent(A, p, Map.of("x", 2), Map.of(), Map.of(), Set.of(), T0);
                assertThat(whyNot(agent, onX(Set.of(), null))).isEqualTo("is " + p.wireName());
            }
        }

        @Test
        void anAgentAtCapacityOnTheChannelIsNotEligibleEvenWithRoomElsewhere() {
            AgentProfile full = agent(A, Presence.AVAILABLE, Map.of("x", 2, "facebook", 5), Map.of("x", 2), Map.of(),
                    Set.of(), T0);
            assertThat(whyNot(full, onX(Set.of(), null))).isEqualTo("is at capacity on x (2 of 2)");
        }

        @Test
        void anAgentWithoutTheChannelOrWithZeroCapacityOnItIsNotEligible() {
            AgentProfile facebookOnly = agent(A, Presence.AVAILABLE, Map.of("facebook", 3), Map.of(), Map.of(), Set.of(), T0);
            AgentProfile zero = agent(B, Presence.AVAILABLE, Map.of("x", 0), Map.of(), Map.of(), Set.of(), T0);
            assertThat(whyNot(facebookOnly, onX(Set.of(), null))).isEqualTo("does not work on x");
            assertThat(whyNot(zero, onX(Set.of(), null))).isEqualTo("does not work on x");
        }

        @Test
        void everyRequiredSkillIsNeeded() {
            assertThat(whyNot(available(A, 2, 0, T0), onX(Set.of("billing", "router", "5g"), null))).isEqualTo("lacks 5g, router");
        }

        @Test
        void theCaseLanguageIsNeededWhenKnown() {
            AgentProfile agent = available(A, 2, 0, T0);
            assertThat(whyNot(agent, onX(Set.of(), "de"))).isEqualTo("does not speak de");
            assertThat(whyNot(agent, onX(Set.of(), null))).isNull();
        }

        @Test
        void anAgentWhoDeclinedTheCaseIsNotOfferedItAgain() {
            AgentProfile agent = available(A, 2, 0, T0);
            WaitingCase declined = new WaitingCase(UUID.randomUUID(), "x", 3, Set.of(), null, T0, null, null,
                    Set.of(agent.id()));
            assertThat(whyNot(agent, declined)).isEqualTo("declined this case or let its offer lapse");
        }
    }

    @Nested
    class Rings {

        final AgentProfile expert = withSkills(A, Map.of("billing", 5, "upsell", 4), "other", false);
        final AgentProfile novice = withSkills(B, Map.of("billing", 2, "upsell", 2), "other", false);
        final AgentProfile noUpsell = withSkills(C, Map.of("billing", 3), "other", false);
        final AgentProfile teamMate = withSkills(D, Map.of(), "care", false);
        final AgentProfile supervisor = withSkills("00000000-0000-0000-0000-00000000000e", Map.of(), "elsewhere", true);
        final List<AgentProfile> everyone = List.of(expert, novice, noUpsell, teamMate, supervisor);

        RoutingDecision.Decision after(long seconds) {
            WaitingCase c = new WaitingCase(UUID.randomUUID(), "x", 3, Set.of("billing", "upsell"), "en", T0);
            return RoutingDecision.decide(c, everyone, RINGS, T0.plusSeconds(seconds));
        }

        @Test
        void ringsOpenAtTheirThresholdsAndAreCumulative() {
            assertThat(RINGS.ringAfter(Duration.ofSeconds(59))).isEqualTo(new Ring(0, 4, false, false, false));
            assertThat(RINGS.ringAfter(Duration.ofSeconds(60))).isEqualTo(new Ring(1, 2, false, false, false));
            assertThat(RINGS.ringAfter(Duration.ofSeconds(120))).isEqualTo(new Ring(2, 2, true, false, false));
            assertThat(RINGS.ringAfter(Duration.ofSeconds(300))).isEqualTo(new Ring(3, 2, true, true, false));
            assertThat(RINGS.ringAfter(Duration.ofSeconds(600))).isEqualTo(new Ring(4, 2, true, true, true));
        }

        @Test
        void ring0NeedsTheInitialProficiencyInEverySkill() {
            RoutingDecision.Decision d = after(0);
            assertThat(d.ring().number()).isZero();
            assertThat(ids(d)).containsExactly(expert.id());
            assertThat(d.rejected()).filteredOn(c -> c.agent().id().equals(novice.id())).singleElement()
                    .satisfies(c -> assertThat(c.fit().whyNot()).isEqualTo("lacks billing (2 < 4), upsell (2 < 4)"));
        }

        @Test
        void afterT1TheLoweredProficiencyWillDo() {
            assertThat(ids(after(60))).containsExactlyInAnyOrder(expert.id(), novice.id());
        }

        @Test
        void afterT2OptionalSkillsAreDropped() {
            assertThat(ids(after(120))).containsExactlyInAnyOrder(expert.id(), novice.id(), noUpsell.id());
        }

        @Test
        void afterT3AnyAgentOfTheQueuesTeamQualifies() {
            RoutingDecision.Decision d = after(300);
            assertThat(ids(d)).containsExactlyInAnyOrder(expert.id(), novice.id(), noUpsell.id(), teamMate.id());
            assertThat(d.queue().name()).isEqualTo("billing");
            assertThat(d.ranked()).filteredOn(c -> c.agent().id().equals(teamMate.id())).singleElement()
                    .satisfies(c -> assertThat(c.fit().basis()).isEqualTo("team"));
        }

        @Test
        void afterT4SupervisorsQualifyToo() {
            assertThat(ids(after(600))).hasSize(5).contains(supervisor.id());
        }

        @Test
        void aWiderRingStillPrefersTheBetterMatch() {
            // Skill sums: expert 9, novice 4, noUpsell 3, team mate and supervisor 0.
            assertThat(order(after(600))).containsExactly(expert.id(), novice.id(), noUpsell.id(), teamMate.id(), supervisor.id());
        }

        @Test
        void aRingThatIsNotConfiguredNeverOpens() {
            RoutingRules noTeam = new RoutingRules(4, 2, Duration.ofSeconds(60), null, null, Duration.ofSeconds(90), Set.of("upsell"),
                    RINGS.queues(), true, Duration.ofSeconds(60), Duration.ZERO);
            Ring ring = noTeam.ringAfter(Duration.ofDays(1));
            assertThat(ring).isEqualTo(new Ring(4, 2, false, false, true));
        }

        @Test
        void rulesWithRingsOpeningInwardsOrBadProficienciesAreRefused() {
            RoutingRules inwards = new RoutingRules(3, 4, Duration.ofSeconds(120), Duration.ofSeconds(60), null, null, Set.of(),
                    List.of(new RoutingRules.QueueRule("default", null, Set.of("x"))), true, Duration.ZERO, Duration.ofSeconds(-1));
            assertThat(inwards.problems()).containsExactlyInAnyOrder(
                    "loweredProficiency must be between 1 and initialProficiency",
                    "dropOptionalSkillsAfter must not be before lowerProficiencyAfter (rings open outwards)",
                    "offerTimeout must be at least 1 second",
                    "preferredAgentWait must not be negative",
                    "queue name 'default' is reserved for cases no queue claims");
            assertThat(RINGS.problems()).isEmpty();
            assertThat(RoutingRules.DEFAULT.problems()).isEmpty();
        }

        @Test
        void aCaseIsInTheFirstQueueSharingOneOfItsSkillsElseTheDefaultQueue() {
            RoutingRules two = new RoutingRules(1, 1, null, null, null, null, Set.of(),
                    List.of(new RoutingRules.QueueRule("vip", "gold", Set.of("vip")),
                            new RoutingRules.QueueRule("billing", "care", Set.of("billing", "refunds"))),
                    true, Duration.ofSeconds(60), Duration.ZERO);
            assertThat(two.queueFor(Set.of("refunds")).name()).isEqualTo("billing");
            assertThat(two.queueFor(Set.of("refunds", "vip")).team()).isEqualTo("gold");
            assertThat(two.queueFor(Set.of("router")).name()).isEqualTo(RoutingRules.DEFAULT_QUEUE);
        }
    }

    @Nested
    class Ranking {

        RoutingDecision.Decision decide(WaitingCase c, List<AgentProfile> agents) {
            return RoutingDecision.decide(c, agents, PLAIN, T0);
        }

        @Test
        void proficiencyMatchComesFirst() {
            AgentProfile idleNovice = agent(A, Presence.AVAILABLE, Map.of("x", 4), Map.of(), Map.of("billing", 1), Set.of(),
                    T0.minusSeconds(3600));
            AgentProfile busyExpert = agent(B, Presence.AVAILABLE, Map.of("x", 4), Map.of("x", 3), Map.of("billing", 5), Set.of(),
                    T0);
            assertThat(order(decide(onX(Set.of("billing"), null), List.of(idleNovice, busyExpert))))
                    .containsExactly(busyExpert.id(), idleNovice.id());
        }

        @Test
        void lowestOccupancyWinsAcrossDifferentCapacities() {
            AgentProfile half = available(A, 4, 2, T0.minusSeconds(3600)); // 50 %, idle longest
            AgentProfile third = available(B, 3, 1, T0); // 33 %
            AgentProfile empty = available(C, 1, 0, T0.plusSeconds(60)); // 0 %, idle shortest
            assertThat(order(decide(onX(Set.of(), null), List.of(half, third, empty))))
                    .containsExactly(empty.id(), third.id(), half.id());
        }

        @Test
        void occupancyCountsEveryChannel() {
            AgentProfile busyOnFacebook = agent(A, Presence.AVAILABLE, Map.of("x", 2, "facebook", 2), Map.of("facebook", 2),
                    Map.of(), Set.of(), T0.minusSeconds(600));
            AgentProfile idle = agent(B, Presence.AVAILABLE, Map.of("x", 2, "facebook", 2), Map.of(), Map.of(), Set.of(), T0);
            assertThat(order(decide(onX(Set.of(), null), List.of(busyOnFacebook, idle))).get(0)).isEqualTo(idle.id());
        }

        @Test
        void atEqualOccupancyTheLongestIdleWins() {
            AgentProfile recent = available(A, 2, 1, T0);
            AgentProfile longIdle = available(B, 4, 2, T0.minusSeconds(120));
            assertThat(order(decide(onX(Set.of(), null), List.of(recent, longIdle))).get(0)).isEqualTo(longIdle.id());
        }

        @Test
        void completeTiesAreBrokenByIdWhateverTheInputOrder() {
            AgentProfile a = available(A, 2, 0, T0);
            AgentProfile b = available(B, 2, 0, T0);
            AgentProfile c = available(C, 2, 0, T0);
            WaitingCase wanted = onX(Set.of(), null);
            assertThat(order(decide(wanted, List.of(c, a, b)))).containsExactly(a.id(), b.id(), c.id());
            assertThat(order(decide(wanted, List.of(b, c, a)))).containsExactly(a.id(), b.id(), c.id());
        }

        @Test
        void ineligibleAgentsAreNeverChosenHoweverIdle() {
            AgentProfile full = available(A, 1, 1, T0.minusSeconds(9999));
            AgentProfile offline = agent(B, Presence.OFFLINE, Map.of("x", 5), Map.of(), Map.of("billing", 5), Set.of("en"),
                    T0.minusSeconds(9999));
            AgentProfile ok = available(C, 2, 1, T0);
            RoutingDecision.Decision d = decide(onX(Set.of("billing"), "en"), List.of(full, offline, ok));
            assertThat(order(d)).containsExactly(ok.id());
            assertThat(d.rejected()).hasSize(2);
        }

        @Test
        void nobodyEligibleMeansTheCaseWaits() {
            assertThat(decide(onX(Set.of("legal"), null), List.of(available(A, 2, 0, T0))).toTry()).isEmpty();
            assertThat(decide(onX(Set.of(), null), List.of()).toTry()).isEmpty();
        }

        @Test
        void theChoiceExplainsItselfWithRingCandidatesAndScores() {
            AgentProfile a = available(A, 4, 1, T0);
            AgentProfile b = available(B, 4, 2, T0);
            AgentProfile offline = agent(C, Presence.OFFLINE, Map.of("x", 4), Map.of(), Map.of("billing", 3), Set.of("en"), T0);
            RoutingDecision.Decision d = decide(onX(Set.of("billing"), "en"), List.of(a, b, offline));
            Explanation why = RoutingDecision.explainChoice(d, d.ranked().get(0));
            assertThat(why.how()).isEqualTo("best-candidate");
            assertThat(why.ring()).isZero();
            assertThat(why.considered()).isEqualTo(3);
            assertThat(why.eligible()).isEqualTo(2);
            assertThat(why.candidates()).extracting(Explanation.Score::agentId, Explanation.Score::chosen, Explanation.Score::rank,
                    Explanation.Score::proficiency, Explanation.Score::occupancyPercent, Explanation.Score::whyNot)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(a.id(), true, 1, 3, 25L, null),
                            org.assertj.core.groups.Tuple.tuple(b.id(), false, 2, 3, 50L, null),
                            org.assertj.core.groups.Tuple.tuple(offline.id(), false, 0, 3, 0L, "is offline"));
            assertThat(why.summary())
                    .contains("Agent a is available with free capacity on x (1 of 4 in use)")
                    .contains("has billing (3)")
                    .contains("speaks en")
                    .contains("ring 0 (skills at proficiency 1+)")
                    .contains("best of 2 eligible agent(s) of 3 considered by proficiency (3), then occupancy (25%)")
                    .hasSizeLessThanOrEqualTo(RoutingDecision.MAX_REASON);
        }

        @Test
        void aDecisionKeepsTheBestCandidatesInOrderAndCountsTheRest() {
            List<AgentProfile> many = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                // Load 0..3 of 4 and idle times spread, so the order is by occupancy, then idle, then id.
                many.add(agent(String.format("00000000-0000-0000-0000-%012d", i), Presence.AVAILABLE, Map.of("x", 4),
                        Map.of("x", i % 4), Map.of(), Set.of(), T0.minusSeconds(i % 7)));
            }
            java.util.Collections.shuffle(many, new java.util.Random(7));
            RoutingDecision.Decision d = decide(onX(Set.of(), null), many);
            assertThat(d.eligibleCount()).isEqualTo(100);
            assertThat(d.consideredCount()).isEqualTo(100);
            List<UUID> fullSort = many.stream().map(a -> new RoutingDecision.Candidate(a, new RoutingDecision.Fit(true, "skills", null), 0))
                    .sorted(RoutingDecision.bestFirst(null)).map(c -> c.agent().id()).limit(RoutingDecision.KEPT_CANDIDATES).toList();
            assertThat(order(d)).hasSize(RoutingDecision.KEPT_CANDIDATES).containsExactlyElementsOf(fullSort);
        }

        @Test
        void anExplanationKeepsAtMostTenCandidatesOfEachKindAndAShortSummary() {
            List<AgentProfile> many = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                many.add(agent(String.format("00000000-0000-0000-0000-%012d", i), i % 2 == 0 ? Presence.AVAILABLE : Presence.AWAY,
                        Map.of("x", 2), Map.of(), Map.of("billing", 3), Set.of("en"), T0));
            }
            RoutingDecision.Decision d = decide(onX(Set.of("billing"), "en"), many);
            Explanation why = RoutingDecision.explainChoice(d, d.ranked().get(0));
            assertThat(why.considered()).isEqualTo(30);
            assertThat(why.eligible()).isEqualTo(15);
            assertThat(why.candidates()).hasSize(20);
        }
    }

    @Nested
    class PreferredAgent {

        final AgentProfile previous = available(A, 4, 3, T0); // busy-ish: would lose on occupancy
        final AgentProfile idle = available(B, 4, 0, T0.minusSeconds(600));

        WaitingCase returning() {
            return new WaitingCase(UUID.randomUUID(), "x", 3, Set.of("billing"), "en", T0, null, previous.id(), Set.of());
        }

        @Test
        void theReturningCustomersPreviousAgentIsOfferedTheCaseFirstWhenEligible() {
            RoutingDecision.Decision d = RoutingDecision.decide(returning(), List.of(idle, previous), PLAIN, T0);
            assertThat(d.toTry().get(0).agent().id()).isEqualTo(previous.id());
            assertThat(d.preferredFirst()).isTrue();
            Explanation why = RoutingDecision.explainChoice(d, d.ranked().get(0));
            assertThat(why.how()).isEqualTo("preferred-agent");
            assertThat(why.summary()).contains("the returning customer's previous agent");
        }

        @Test
        void theCaseWaitsForThePreviousAgentWithinTheWindowAndGoesToOthersAfterIt() {
            AgentProfile previousAway = agent(A, Presence.AWAY, Map.of("x", 4), Map.of(), Map.of("billing", 3), Set.of("en"), T0);
            RoutingDecision.Decision within = RoutingDecision.decide(returning(), List.of(idle, previousAway), PLAIN,
                    T0.plusSeconds(29));
            assertThat(within.waitingForPreferred()).isTrue();
            assertThat(within.toTry()).isEmpty();
            RoutingDecision.Decision after = RoutingDecision.decide(returning(), List.of(idle, previousAway), PLAIN,
                    T0.plusSeconds(30));
            assertThat(after.waitingForPreferred()).isFalse();
            assertThat(after.toTry()).extracting(c -> c.agent().id()).containsExactly(idle.id());
        }

        @Test
        void otherAgentsDoNotTakeACaseHeldForThePreviousAgentFromTheQueue() {
            assertThat(RoutingDecision.takeFor(idle, List.of(returning()), PLAIN, T0.plusSeconds(10))).isEmpty();
            assertThat(RoutingDecision.takeFor(previous, List.of(returning()), PLAIN, T0.plusSeconds(10))).hasSize(1);
            assertThat(RoutingDecision.takeFor(idle, List.of(returning()), PLAIN, T0.plusSeconds(30))).hasSize(1);
        }
    }

    @Nested
    class Queue {

        static WaitingCase waiting(String channel, int priority, Instant enqueuedAt, Set<String> skills) {
            return new WaitingCase(UUID.randomUUID(), channel, priority, skills, null, enqueuedAt);
        }

        static WaitingCase due(int priority, Instant enqueuedAt, Instant dueAt) {
            return new WaitingCase(UUID.randomUUID(), "x", priority, Set.of(), null, enqueuedAt, dueAt, null, Set.of());
        }

        @Test
        void anAgentTakesUrgentCasesFirstThenTheOldestUpToCapacity() {
            WaitingCase oldLow = waiting("x", 4, T0, Set.of());
            WaitingCase newUrgent = waiting("x", 1, T0.plusSeconds(300), Set.of());
            WaitingCase oldNormal = waiting("x", 3, T0.plusSeconds(10), Set.of());
            WaitingCase newNormal = waiting("x", 3, T0.plusSeconds(20), Set.of());
            AgentProfile agent = available(A, 3, 0, T0);
            assertThat(RoutingDecision.takeFor(agent, List.of(oldLow, newNormal, newUrgent, oldNormal), PLAIN, T0.plusSeconds(400)))
                    .containsExactly(newUrgent, oldNormal, newNormal);
        }

        @Test
        void atEqualPriorityTheNearestSlaDueTimeComesBeforeTheLongestWaiting() {
            WaitingCase oldNoSla = due(2, T0, null);
            WaitingCase dueLate = due(2, T0.plusSeconds(10), T0.plusSeconds(3600));
            WaitingCase dueSoon = due(2, T0.plusSeconds(20), T0.plusSeconds(600));
            WaitingCase urgentNoSla = due(1, T0.plusSeconds(30), null);
            assertThat(List.of(oldNoSla, dueLate, dueSoon, urgentNoSla).stream().sorted(RoutingDecision.QUEUE_ORDER).toList())
                    .containsExactly(urgentNoSla, dueSoon, dueLate, oldNoSla);
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
            assertThat(RoutingDecision.takeFor(agent, List.of(x1, x2, needsLegal, fb1, fb2, chat), PLAIN, T0))
                    .containsExactly(fb1, x1);
        }

        @Test
        void anAgentTakesFromTheQueueOnlyWhatTheCasesRingAllows() {
            AgentProfile novice = agent(A, Presence.AVAILABLE, Map.of("x", 3), Map.of(), Map.of("billing", 2), Set.of(), T0);
            WaitingCase fresh = waiting("x", 3, T0.plusSeconds(30), Set.of("billing"));
            WaitingCase waitedLong = waiting("x", 3, T0, Set.of("billing"));
            // At T0+70 s the older case is past T1 (60 s): proficiency 2 will do; the fresh one still needs 4.
            assertThat(RoutingDecision.takeFor(novice, List.of(fresh, waitedLong), RINGS, T0.plusSeconds(70)))
                    .containsExactly(waitedLong);
        }

        @Test
        void anUnavailableOrFullAgentTakesNothing() {
            WaitingCase c = waiting("x", 1, T0, Set.of());
            assertThat(RoutingDecision.takeFor(available(A, 1, 1, T0), List.of(c), PLAIN, T0)).isEmpty();
            assertThat(RoutingDecision.takeFor(agent(A, Presence.AWAY, Map.of("x", 3), Map.of(), Map.of(), Set.of(), T0),
                    List.of(c), PLAIN, T0)).isEmpty();
        }

        @Test
        void equalPriorityAndTimeAreOrderedByCaseId() {
            WaitingCase first = new WaitingCase(UUID.fromString(A), "x", 2, Set.of(), null, T0);
            WaitingCase second = new WaitingCase(UUID.fromString(B), "x", 2, Set.of(), null, T0);
            assertThat(RoutingDecision.takeFor(available(C, 1, 0, T0), List.of(second, first), PLAIN, T0)).containsExactly(first);
        }

        @Test
        void aQueuePickIsExplained() {
            AgentProfile agent = available(A, 2, 0, T0);
            WaitingCase c = due(2, T0, T0.plusSeconds(600));
            Explanation why = RoutingDecision.explainQueuePick(agent, c, PLAIN, T0.plusSeconds(5));
            assertThat(why.how()).isEqualTo("queue-pick");
            assertThat(why.candidates()).singleElement().satisfies(s -> assertThat(s.chosen()).isTrue());
            assertThat(why.summary()).contains("had waited since " + T0).contains("due " + T0.plusSeconds(600));
        }
    }
}
