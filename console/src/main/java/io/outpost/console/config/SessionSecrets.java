package io.outpost.console.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The keys that encrypt the session cookie (the tokens) and the login state cookie (the PKCE
 * verifier), derived from the console's client secret unless set explicitly.
 *
 * <p>Why: quarkus-oidc uses the client secret itself only when it has at least 32 characters (the
 * local realm's has 24) and otherwise generates a random key per process. Then a second console
 * instance behind a load balancer could not read the first one's cookies. Every instance knows the
 * client secret, so a key derived from it is the same everywhere, with no extra setting. An
 * explicit {@code quarkus.oidc.token-state-manager.encryption-secret} or
 * {@code quarkus.oidc.authentication.state-secret} wins (this source's ordinal is low).
 */
public class SessionSecrets implements ConfigSourceFactory {

    static final String CLIENT_SECRET = "quarkus.oidc.credentials.secret";
    static final String SESSION_KEY = "quarkus.oidc.token-state-manager.encryption-secret";
    static final String STATE_KEY = "quarkus.oidc.authentication.state-secret";

    @Override
    public Iterable<org.eclipse.microprofile.config.spi.ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue secret = context.getValue(CLIENT_SECRET);
        if (secret == null || secret.getValue() == null || secret.getValue().isBlank()) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of(
                SESSION_KEY, derive("outpost-console session cookie", secret.getValue()),
                STATE_KEY, derive("outpost-console state cookie", secret.getValue())), "console-session-secrets", 50));
    }

    static String derive(String purpose, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(purpose.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
