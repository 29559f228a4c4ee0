package io.outpost.crmlink.config;

import io.outpost.kit.api.ApiException;
import io.outpost.kit.links.SignedLinks;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Signs and checks consent page links (purpose {@code consent}, subject: the request id). */
@ApplicationScoped
public class ConsentLinkSigner {

    /** The SignedLinks purpose: a survey or other link cannot open the consent page. */
    public static final String PURPOSE = "consent";

    private final Optional<SignedLinks> links;

    public ConsentLinkSigner(ConsentConfig config) {
        this.links = config.linkSecret().filter(s -> !s.isBlank()).map(secret -> new SignedLinks(
                secret.getBytes(StandardCharsets.UTF_8),
                config.previousLinkSecrets().orElse(List.of()).stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList(),
                Clock.systemUTC()));
    }

    public boolean configured() {
        return links.isPresent();
    }

    /** The token for a request's page; 503 when no secret is configured. */
    public String issue(UUID requestId, Instant expiresAt) {
        return signer().issue(PURPOSE, requestId.toString(), expiresAt);
    }

    public SignedLinks.Verification verify(String token) {
        return signer().verify(PURPOSE, token);
    }

    private SignedLinks signer() {
        return links.orElseThrow(() -> new ApiException(503, "Service unavailable",
                "consent links are not configured (outpost.crm-link.consent.link-secret)"));
    }
}
