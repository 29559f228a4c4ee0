package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClaimingTest {

    private static final UUID CASE = UUID.randomUUID();
    private static final UUID AGENT = UUID.randomUUID();

    @Test
    void anUnassignedWorkableCaseMayBeClaimed() {
        assertThat(Claiming.decide(facts(CaseStatus.NEW, false, null, null, null), "ann"))
                .isInstanceOf(Claiming.Claimable.class);
        assertThat(Claiming.decide(facts(CaseStatus.RESOLVED, false, null, null, null), "ann"))
                .isInstanceOf(Claiming.Claimable.class);
    }

    @Test
    void aCaseOfTheCallerIsTheirsAlreadyAndAnotherPersonsCaseNamesThem() {
        assertThat(Claiming.decide(facts(CaseStatus.OPEN, false, AGENT, "ann", "Ann A"), "ann"))
                .isInstanceOf(Claiming.AlreadyYours.class);
        assertThat(Claiming.decide(facts(CaseStatus.OPEN, false, AGENT, "bob", "Bob B"), "ann"))
                .isEqualTo(new Claiming.Taken("Bob B (bob)"));
        assertThat(Claiming.decide(facts(CaseStatus.OPEN, false, AGENT, "bob", null), "ann"))
                .isEqualTo(new Claiming.Taken("bob"));
        // Assigned by an older routing-service without a login: taken all the same.
        assertThat(Claiming.decide(facts(CaseStatus.OPEN, false, AGENT, null, null), "ann"))
                .isEqualTo(new Claiming.Taken("agent " + AGENT));
    }

    @Test
    void hiddenAndClosedCasesAreNotClaimed() {
        assertThat(Claiming.decide(facts(CaseStatus.NEW, true, null, null, null), "ann"))
                .isInstanceOf(Claiming.Refused.class);
        assertThat(Claiming.decide(facts(CaseStatus.CLOSED, false, null, null, null), "ann"))
                .isInstanceOf(Claiming.Refused.class);
    }

    @Test
    void theProvisionalAgentIdIsTheSameForOneLoginAndDiffersBetweenLogins() {
        assertThat(Claiming.provisionalAgentId("ann")).isEqualTo(Claiming.provisionalAgentId("ann"))
                .isNotEqualTo(Claiming.provisionalAgentId("bob"));
    }

    private static Claiming.Facts facts(CaseStatus status, boolean hidden, UUID assigneeId, String username, String name) {
        return new Claiming.Facts(CASE, status, hidden, assigneeId, username, name);
    }
}
