package io.outpost.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.contracts.Channel;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.RequestValues;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestValuesTest {

    @Test
    void aCanonicalUuidIsAnIdAndAnythingElseABadRequestNamingTheParameter() {
        UUID id = UUID.randomUUID();
        assertThat(RequestValues.uuid("caseId", id.toString())).isEqualTo(id);
        assertThat(RequestValues.uuid("caseId", id.toString().toUpperCase())).isEqualTo(id);
        for (String bad : new String[] { "1-2-3-4-5", "nope", "x".repeat(500) }) {
            assertThatThrownBy(() -> RequestValues.uuid("caseId", bad))
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("caseId")
                    .hasMessageContaining("is not a UUID")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(120));
        }
        assertThatThrownBy(() -> RequestValues.uuid("caseId", null)).hasMessage("caseId is required");
        assertThat(RequestValues.optionalUuid("caseId", " ")).isNull();
    }

    @Test
    void aChannelFilterIsOptionalAndListsTheChannelsWhenWrong() {
        assertThat(RequestValues.optionalChannel("channel", null)).isNull();
        assertThat(RequestValues.optionalChannel("channel", "X")).isEqualTo(Channel.X);
        assertThatThrownBy(() -> RequestValues.optionalChannel("channel", "myspace"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("'myspace'")
                .hasMessageContaining("forum");
    }
}
