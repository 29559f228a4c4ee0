package io.outpost.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OwnAssignmentEchoTest {

    static final UUID ASSIGNMENT = UUID.randomUUID();

    @Test
    void theApplicationOfRoutingsAssignmentIsAnEcho() {
        assertThat(OwnAssignmentEcho.isEcho(List.of("assignee"), ASSIGNMENT, "open")).isTrue();
        assertThat(OwnAssignmentEcho.isEcho(List.of("assignee", "status"), ASSIGNMENT, "open")).as("new became open").isTrue();
        assertThat(OwnAssignmentEcho.isEcho(List.of("status", "assignee"), ASSIGNMENT, "pending")).isTrue();
    }

    @Test
    void anAssigneeSetInCaseServiceIsNoEcho() {
        assertThat(OwnAssignmentEcho.isEcho(List.of("assignee"), null, "open")).as("supervisor or claim").isFalse();
    }

    @Test
    void anEventAboutSomethingElseIsNoEchoEvenWithTheCurrentAssignment() {
        assertThat(OwnAssignmentEcho.isEcho(List.of("status"), ASSIGNMENT, "pending")).isFalse();
        assertThat(OwnAssignmentEcho.isEcho(List.of("priority"), ASSIGNMENT, "open")).isFalse();
        assertThat(OwnAssignmentEcho.isEcho(List.of("assignee", "skills"), ASSIGNMENT, "open")).isFalse();
        assertThat(OwnAssignmentEcho.isEcho(List.of("assignee", "priority"), ASSIGNMENT, "open")).isFalse();
        assertThat(OwnAssignmentEcho.isEcho(List.of(), ASSIGNMENT, "open")).isFalse();
        assertThat(OwnAssignmentEcho.isEcho(null, ASSIGNMENT, "open")).isFalse();
    }

    @Test
    void aTerminalStatusIsAppliedAsForAnyClosedCase() {
        assertThat(OwnAssignmentEcho.isEcho(List.of("assignee"), ASSIGNMENT, "resolved")).isFalse();
        assertThat(OwnAssignmentEcho.isEcho(List.of("assignee"), ASSIGNMENT, "closed")).isFalse();
        assertThat(OwnAssignmentEcho.isEcho(List.of("assignee", "status", "merged"), ASSIGNMENT, "closed")).isFalse();
    }
}
