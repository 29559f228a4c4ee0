package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.events.OutboundRequested.Kind;
import io.outpost.ingest.domain.MetaMessagingWindow.Refusal;
import org.junit.jupiter.api.Test;

class MetaMessagingWindowTest {

    static final String OUTSIDE = """
            {"error":{"message":"(#10) This message is sent outside of allowed window.","type":"OAuthException","code":10,
             "error_subcode":2018278,"fbtrace_id":"A1"}}""";
    static final String NO_USER = """
            {"error":{"message":"(#100) No matching user found","type":"OAuthException","code":100,"error_subcode":2018001}}""";

    @Test
    void theTwoRefusalsAreKnownByCodeAndSubcode() {
        assertThat(MetaMessagingWindow.refusal(OUTSIDE)).contains(Refusal.OUTSIDE_WINDOW);
        assertThat(MetaMessagingWindow.refusal(NO_USER)).contains(Refusal.NO_MATCHING_USER);
        assertThat(MetaMessagingWindow.refusal("{\"error\":{\"code\":10,\"error_subcode\":2018065}}")).isEmpty();
        assertThat(MetaMessagingWindow.refusal("{\"error\":{\"code\":100,\"error_subcode\":33}}")).isEmpty();
        assertThat(MetaMessagingWindow.refusal("{\"error\":{\"code\":190}}")).isEmpty();
        assertThat(MetaMessagingWindow.refusal("not json")).isEmpty();
        assertThat(MetaMessagingWindow.refusal(null)).isEmpty();
    }

    @Test
    void onlyAnAgentsPrivateMessageFromAGrantedAccountIsSentAgainTaggedAndOnlyOnce() {
        assertThat(MetaMessagingWindow.answerAsHumanAgent(Refusal.OUTSIDE_WINDOW, Kind.PRIVATE_MESSAGE, false, true, false))
                .isTrue();
        assertThat(MetaMessagingWindow.answerAsHumanAgent(Refusal.OUTSIDE_WINDOW, Kind.PRIVATE_MESSAGE, false, true, true))
                .as("already tagged: past the 7 days").isFalse();
        assertThat(MetaMessagingWindow.answerAsHumanAgent(Refusal.OUTSIDE_WINDOW, Kind.PRIVATE_MESSAGE, false, false, false))
                .as("no permission").isFalse();
        assertThat(MetaMessagingWindow.answerAsHumanAgent(Refusal.OUTSIDE_WINDOW, Kind.PRIVATE_MESSAGE, true, true, false))
                .as("a Private Reply has its own 7 days and no tag").isFalse();
        assertThat(MetaMessagingWindow.answerAsHumanAgent(Refusal.NO_MATCHING_USER, Kind.PRIVATE_MESSAGE, false, true, false))
                .isFalse();
        for (Kind automated : new Kind[] { Kind.SURVEY_INVITATION, Kind.CONSENT_REQUEST }) {
            assertThat(MetaMessagingWindow.answerAsHumanAgent(Refusal.OUTSIDE_WINDOW, automated, false, true, false))
                    .as(automated + " is automated: never tagged").isFalse();
        }
    }

    @Test
    void theReasonSaysWhatHappenedAndWhatToDoThenMetasAnswer() {
        String meta = "Meta answered 400: (#10) This message is sent outside of allowed window.";
        assertThat(MetaMessagingWindow.reason(Refusal.OUTSIDE_WINDOW, Kind.CONSENT_REQUEST, false, true, false, "p1", meta))
                .startsWith("outside Meta's 24-hour window — ").contains("consent request is automated").endsWith("(" + meta + ")");
        assertThat(MetaMessagingWindow.reason(Refusal.OUTSIDE_WINDOW, Kind.PRIVATE_MESSAGE, false, false, false, "p1", meta))
                .contains("p1 is not configured with Meta's Human Agent permission");
        assertThat(MetaMessagingWindow.reason(Refusal.OUTSIDE_WINDOW, Kind.PRIVATE_MESSAGE, false, true, true, "p1", meta))
                .startsWith("outside Meta's 7-day Human Agent window — ");
        assertThat(MetaMessagingWindow.reason(Refusal.OUTSIDE_WINDOW, Kind.PRIVATE_MESSAGE, true, true, false, "p1", meta))
                .startsWith("outside Meta's 7-day Private Reply window — ");
        assertThat(MetaMessagingWindow.reason(Refusal.NO_MATCHING_USER, Kind.PRIVATE_MESSAGE, false, true, false, "p1",
                "Meta answered 400: (#100) No matching user found")).startsWith("Meta knows no conversation of this person with p1");
    }
}
