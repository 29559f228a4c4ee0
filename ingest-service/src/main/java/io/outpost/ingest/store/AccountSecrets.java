package io.outpost.ingest.store;

import io.outpost.ingest.config.ChannelAccountConfig;
import io.outpost.ingest.domain.SealedSecrets;
import io.outpost.kit.api.ApiException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Seals and opens channel accounts' secrets with {@code outpost.channel-accounts.secret-key}. A
 * sealed value is bound to its account and purpose: it opens only for that account. Built at start-up,
 * so a key that is not base64 of 32 bytes stops the service at once instead of at the first save.
 */
@Startup
@ApplicationScoped
public class AccountSecrets {

    /** The purpose a forum signing secret is sealed for (part of the sealing context). */
    public static final String FORUM_SIGNING_SECRET = "forum-signing-secret";
    /** The purposes an X account's OAuth 2.0 user tokens are sealed for. */
    public static final String X_ACCESS_TOKEN = "x-oauth-access-token";
    public static final String X_REFRESH_TOKEN = "x-oauth-refresh-token";

    private final Optional<SealedSecrets> sealer;

    public AccountSecrets(ChannelAccountConfig config) {
        this.sealer = config.secretKey().filter(k -> !k.isBlank()).map(k -> {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(k.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("outpost.channel-accounts.secret-key is not base64");
            }
            return new SealedSecrets(key);
        });
    }

    /** Sealed for the account; 503 (problem+json) when no key is configured: the secret would otherwise be stored in clear or lost. */
    public byte[] seal(UUID accountId, String purpose, String secret) {
        return sealer.orElseThrow(() -> new ApiException(503, "Not configured",
                "outpost.channel-accounts.secret-key is not set: account secrets cannot be stored"))
                .seal(secret, context(accountId, purpose));
    }

    /**
     * The account's secret in clear, for the moment it is used.
     *
     * @throws IllegalStateException with the reason when there is no key, or the value does not open with it
     */
    public String open(UUID accountId, String purpose, byte[] sealed) {
        SealedSecrets s = sealer.orElseThrow(() -> new IllegalStateException("outpost.channel-accounts.secret-key is not set"));
        try {
            return s.open(sealed, context(accountId, purpose));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    private static String context(UUID accountId, String purpose) {
        return "channel_account:" + accountId + ":" + purpose;
    }
}
