package io.outpost.console.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two console instances with the same client secret read each other's cookies: the keys are derived alike. */
class SessionSecretsTest {

    static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 250))
                .withSources(new SessionSecrets()).build();
    }

    @Test
    void theKeysComeFromTheClientSecretTheSameInEveryInstanceAndDifferPerPurpose() {
        SmallRyeConfig one = config(Map.of(SessionSecrets.CLIENT_SECRET, "0123456789abcdef01234567"));
        SmallRyeConfig two = config(Map.of(SessionSecrets.CLIENT_SECRET, "0123456789abcdef01234567"));
        String session = one.getValue(SessionSecrets.SESSION_KEY, String.class);
        assertThat(session).hasSize(64).isEqualTo(two.getValue(SessionSecrets.SESSION_KEY, String.class))
                .isNotEqualTo(one.getValue(SessionSecrets.STATE_KEY, String.class))
                .doesNotContain("0123456789abcdef01234567");
        assertThat(config(Map.of(SessionSecrets.CLIENT_SECRET, "another-secret")).getValue(SessionSecrets.SESSION_KEY, String.class))
                .isNotEqualTo(session);
    }

    @Test
    void anExplicitKeyWinsAndWithoutAClientSecretNothingIsDerived() {
        SmallRyeConfig explicit = config(Map.of(SessionSecrets.CLIENT_SECRET, "s", SessionSecrets.SESSION_KEY, "explicit-key-of-32-characters-xx"));
        assertThat(explicit.getValue(SessionSecrets.SESSION_KEY, String.class)).isEqualTo("explicit-key-of-32-characters-xx");
        assertThat(config(Map.of()).getOptionalValue(SessionSecrets.SESSION_KEY, String.class)).isEmpty();
    }
}
