package io.outpost.ingest.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Resolves a channel account's {@code credentialsRef} to its token: the configuration property
 * {@code outpost.credentials."<ref>".token} (in a cluster from a Kubernetes secret, e.g. the env
 * var or a mounted properties file). Looked up on each use, so a rotated secret needs no restart
 * where the config source reloads. The value is never logged.
 */
@ApplicationScoped
public class Credentials {

    public Optional<String> token(String credentialsRef) {
        if (credentialsRef == null || credentialsRef.isBlank()) {
            return Optional.empty();
        }
        return ConfigProvider.getConfig()
                .getOptionalValue("outpost.credentials.\"" + credentialsRef + "\".token", String.class)
                .filter(t -> !t.isBlank());
    }
}
