package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Meta's throttling answers (https://developers.facebook.com/docs/graph-api/overview/rate-limiting/). */
class MetaThrottlingTest {

    static String error(int code, String message) {
        return """
                {"error":{"message":"%s","type":"OAuthException","code":%d,"fbtrace_id":"AbCdEf123"}}"""
                .formatted(message, code);
    }

    @Test
    void theDocumentedRateLimitCodesAreThrottlingAndOthersAreNot() {
        assertThat(MetaThrottling.throttlingCode(error(4, "(#4) Application request limit reached"))).contains(4);
        assertThat(MetaThrottling.throttlingCode(error(17, "(#17) User request limit reached"))).contains(17);
        assertThat(MetaThrottling.throttlingCode(error(32, "(#32) Page request limit reached"))).contains(32);
        assertThat(MetaThrottling.throttlingCode(error(613, "(#613) Calls to this api have exceeded the rate limit.")))
                .contains(613);
        assertThat(MetaThrottling.throttlingCode(error(80001, "There have been too many calls to this Page account.")))
                .contains(80001);
        assertThat(MetaThrottling.throttlingCode(error(80006, "There have been too many messenger api calls.")))
                .contains(80006);

        assertThat(MetaThrottling.throttlingCode(error(100, "(#100) Unsupported post request."))).isEmpty();
        assertThat(MetaThrottling.throttlingCode(error(190, "Invalid OAuth access token."))).isEmpty();
        assertThat(MetaThrottling.throttlingCode(error(10, "(#10) This message is sent outside of allowed window."))).isEmpty();
        assertThat(MetaThrottling.throttlingCode("{\"error\":{\"code\":\"4\"}}")).as("a string is not Meta's shape")
                .isEmpty();
        assertThat(MetaThrottling.throttlingCode("not json")).isEmpty();
        assertThat(MetaThrottling.throttlingCode(null)).isEmpty();
    }

    @Test
    void theWaitIsTheLongestEstimatedTimeToRegainAccessInMinutes() {
        String buc = """
                {"1234567890":[{"type":"pages","call_count":100,"total_cputime":40,"total_time":45,
                "estimated_time_to_regain_access":7},{"type":"messenger","call_count":12,"total_cputime":3,
                "total_time":3,"estimated_time_to_regain_access":0}]}""";
        assertThat(MetaThrottling.regainAccessIn(buc, null)).contains(Duration.ofMinutes(7));
        assertThat(MetaThrottling.regainAccessIn(null,
                "{\"call_count\":100,\"total_cputime\":10,\"total_time\":12,\"estimated_time_to_regain_access\":2}"))
                .contains(Duration.ofMinutes(2));
        assertThat(MetaThrottling.regainAccessIn(buc,
                "{\"call_count\":100,\"estimated_time_to_regain_access\":9}")).contains(Duration.ofMinutes(9));
    }

    @Test
    void withoutAHintAboveZeroThereIsNoWait() {
        assertThat(MetaThrottling.regainAccessIn(
                "{\"1234567890\":[{\"type\":\"pages\",\"call_count\":100,\"estimated_time_to_regain_access\":0}]}", null))
                .isEmpty();
        // X-App-Usage carries percentages only: nothing to read a time from.
        assertThat(MetaThrottling.regainAccessIn(null, "{\"call_count\":100,\"total_cputime\":20,\"total_time\":30}"))
                .isEmpty();
        assertThat(MetaThrottling.regainAccessIn("garbage", "")).isEmpty();
    }
}
