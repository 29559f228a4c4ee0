package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.ingest.domain.CredentialsStatus.Refused;
import io.outpost.ingest.domain.CredentialsStatus.Replaced;
import io.outpost.ingest.domain.CredentialsStatus.State;
import io.outpost.ingest.domain.CredentialsStatus.Worked;
import org.junit.jupiter.api.Test;

class CredentialsStatusTest {

    static final State UNKNOWN = new State(CredentialsStatus.UNKNOWN, null);
    static final State OK = new State(CredentialsStatus.OK, null);

    @Test
    void workingCredentialsAreOkAndAnOkAccountIsNotWrittenAgain() {
        assertThat(CredentialsStatus.after(UNKNOWN, new Worked())).contains(OK);
        assertThat(CredentialsStatus.after(new State(CredentialsStatus.FAILING, "refused"), new Worked())).contains(OK);
        assertThat(CredentialsStatus.after(OK, new Worked())).isEmpty();
    }

    @Test
    void refusedCredentialsAreFailingWithTheReasonAndANewReasonIsAChange() {
        State failing = new State(CredentialsStatus.FAILING, "X refused to refresh the access token (400)");
        assertThat(CredentialsStatus.after(OK, new Refused("X refused to refresh the access token (400)"))).contains(failing);
        assertThat(CredentialsStatus.after(UNKNOWN, new Refused("X refused to refresh the access token (400)"))).contains(failing);
        assertThat(CredentialsStatus.after(failing, new Refused("X refused to refresh the access token (400)"))).isEmpty();
        assertThat(CredentialsStatus.after(failing, new Refused("no credentials")))
                .contains(new State(CredentialsStatus.FAILING, "no credentials"));
    }

    @Test
    void newCredentialsAreUnknownUntilUsed() {
        assertThat(CredentialsStatus.after(new State(CredentialsStatus.FAILING, "refused"), new Replaced())).contains(UNKNOWN);
        assertThat(CredentialsStatus.after(OK, new Replaced())).contains(UNKNOWN);
        assertThat(CredentialsStatus.after(UNKNOWN, new Replaced())).isEmpty();
    }

    @Test
    void storedValuesReadBackAndAnUnknownOneIsUnknown() {
        assertThat(State.of("failing", "why")).isEqualTo(new State(CredentialsStatus.FAILING, "why"));
        assertThat(State.of("ok", "stale reason")).isEqualTo(OK);
        assertThat(State.of(null, null)).isEqualTo(UNKNOWN);
        assertThat(State.of("broken", null)).isEqualTo(UNKNOWN);
        assertThat(CredentialsStatus.fromWire("ok").wireName()).isEqualTo("ok");
    }
}
