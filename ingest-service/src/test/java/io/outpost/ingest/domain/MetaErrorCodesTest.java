package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetaErrorCodesTest {

    @Test
    void anExpiredOrRevokedTokenIsCode190() {
        String expired = """
                {"error":{"message":"Error validating access token: Session has expired on Monday, 07-Dec-26.",
                "type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"A1b2"}}""";
        assertThat(MetaErrorCodes.code(expired)).hasValue(190);
        assertThat(MetaErrorCodes.accessTokenRefused(expired)).isTrue();
    }

    @Test
    void otherErrorsAndNonErrorsAreNoRefusedToken() {
        // Code 10 with subcode 2018278 is the 24-hour window, not the token.
        assertThat(MetaErrorCodes.accessTokenRefused("""
                {"error":{"message":"(#10) This message is sent outside of allowed window.","type":"OAuthException",
                "code":10,"error_subcode":2018278}}""")).isFalse();
        assertThat(MetaErrorCodes.accessTokenRefused("{\"error\":{\"code\":\"x\"}}")).isFalse();
        assertThat(MetaErrorCodes.accessTokenRefused("not json")).isFalse();
        assertThat(MetaErrorCodes.accessTokenRefused(null)).isFalse();
        assertThat(MetaErrorCodes.code("{\"id\":\"1\"}")).isEmpty();
    }
}
