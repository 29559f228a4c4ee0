package io.outpost.crmlink.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The consent request flow: the DM, its signed link to the consent page, and DM withdrawal. */
@ConfigMapping(prefix = "outpost.crm-link.consent")
public interface ConsentConfig {

    /**
     * The secret (at least 32 bytes) that signs consent page links (service-kit SignedLinks).
     * From the environment or a mounted secret, never in a file. Unset, consent requests answer
     * 503 and the page answers 503: no unsigned link is ever sent.
     */
    Optional<String> linkSecret();

    /** Earlier secrets still accepted, so links already sent survive a rotation. */
    Optional<List<String>> previousLinkSecrets();

    /** Where customers reach this service's consent page (the public URL in front of /consent). */
    @WithDefault("http://localhost:8085")
    String pageBaseUrl();

    /** How long a consent page link works: grant, decline and withdrawal alike. */
    @WithDefault("P14D")
    Duration linkValidity();

    /** The consent text version (domain/ConsentTexts) new requests are sent with. */
    @WithDefault("2026-11")
    String textVersion();

    /**
     * Private messages that withdraw every granted consent of their author, compared with the
     * whole message, trimmed and case-insensitively.
     */
    @WithDefault("STOP LINK,REVOKE")
    List<String> withdrawKeywords();
}
