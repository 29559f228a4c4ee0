package io.outpost.survey.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** The keys of the signed answer links ({@link io.outpost.kit.links.SignedLinks}). */
@ConfigMapping(prefix = "outpost.links")
public interface LinksConfig {

    /**
     * The HMAC key of new links, at least 32 bytes. Required: without it nobody could tell a link
     * we sent from a forged one. Keep it in a Kubernetes secret.
     */
    String secret();

    /** Keys of links sent before a rotation, still accepted until those links expire. */
    Optional<List<String>> previousSecrets();
}
