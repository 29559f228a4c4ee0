package io.outpost.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Outbound delivery to the platforms ({@code outpost.outbound} → X / Meta / a forum's integration →
 * {@code outpost.delivery}). Credentials are not here: a channel account's {@code credentialsRef}
 * names them, and {@link Credentials} resolves {@code outpost.credentials."<ref>".token}; a forum
 * account carries its endpoint and its sealed signing secret.
 */
@ConfigMapping(prefix = "outpost.outbound")
public interface OutboundConfig {

    /** The X API v2. */
    X x();

    /** The Meta Graph API (Facebook comments, Messenger, Instagram). */
    Meta meta();

    /** Retries of one send. */
    Retry retry();

    /** TCP connect timeout of a platform call; a connect failure is retried (nothing was sent). */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * Read timeout of a platform call. On X and Meta a call that times out after the request went out
     * has an unknown outcome: it is reported failed, never retried (it might have been posted). A forum
     * call is retried: its {@code Idempotency-Key} lets the integration answer the earlier result.
     */
    @WithDefault("20s")
    Duration readTimeout();

    /**
     * Per-account rate limits by channel wire name ({@code x}, {@code facebook}, {@code messenger},
     * {@code instagram}, {@code forum}): each of our accounts gets its own bucket of this size. A channel without
     * an entry uses {@code default}.
     */
    Map<String, RateLimit> rateLimits();

    /**
     * How long a {@code pending} row waits for the consumer that recorded it before the sweeper
     * sends it (a crash between recording and sending leaves it pending).
     */
    @WithDefault("10s")
    Duration pendingGrace();

    /** How often the sweeper looks for pending rows and for sends whose sender died. */
    @WithDefault("5s")
    String sweepEvery();

    interface X {
        /** Base URL of the X API, without the {@code /2} path; the token endpoint is {@code {base-url}/2/oauth2/token}. */
        @WithDefault("https://api.x.com")
        String baseUrl();

        /**
         * The X app's OAuth 2.0 client id, sent with every refresh of an account's access token. Unset:
         * tokens are not refreshed, and an X account whose access token expires fails ("credentials failing").
         */
        Optional<String> clientId();

        /**
         * The OAuth 2.0 client secret of a confidential client (X "Web App, Automated App or Bot"): the
         * refresh is then authenticated with HTTP Basic {@code client-id:client-secret}. Unset: a public
         * client, {@code client_id} in the form only. From a Kubernetes secret; never logged.
         */
        Optional<String> clientSecret();

        /** An access token expiring within this margin is refreshed before a send (X tokens live 2 hours). */
        @WithDefault("5m")
        Duration refreshMargin();
    }

    interface Meta {
        /** Base URL of the Graph API, without the version. */
        @WithDefault("https://graph.facebook.com")
        String baseUrl();

        /** The Graph API version in the path, e.g. {@code v21.0}. */
        @WithDefault("v21.0")
        String apiVersion();

        /**
         * The app secret for {@code appsecret_proof}; unset, {@code outpost.meta.app-secret} (the
         * webhook secret of the same app) is used; neither set, no proof is sent (Meta then refuses
         * calls if the app requires it, and the delivery fails with Meta's message).
         */
        Optional<String> appSecret();

        /**
         * Our Facebook pages and Instagram accounts ({@code platformAccountId}) whose app Meta granted the Human Agent
         * permission (App Review, "Human Agent" feature): an agent's private message that Meta refuses as outside the
         * 24-hour window is sent again once, tagged {@code MESSAGE_TAG} / {@code HUMAN_AGENT}, which Meta accepts up
         * to 7 days after the customer's last message. Unset: none; such a reply fails with the reason.
         */
        Optional<java.util.List<String>> humanAgentAccounts();
    }

    interface Retry {
        /** Attempts of one send, the first included (429, 5xx and connect failures are retried). */
        @WithDefault("5")
        int maxAttempts();

        /** The wait before the first retry; doubled for each further one (plus up to 20% jitter). */
        @WithDefault("1s")
        Duration initialBackoff();

        /**
         * The longest computed backoff. A platform's {@code Retry-After} is honoured as given, never
         * shortened; when it reaches past {@code max-duration} the delivery fails instead.
         */
        @WithDefault("30s")
        Duration maxBackoff();

        /**
         * The longest a send may take, waits included; a retry that would end later is not made and
         * the delivery fails with the last status. Keep it well under the consumer's
         * {@code throttled.unprocessed-record-max-age.ms}.
         */
        @WithDefault("60s")
        Duration maxDuration();

        /**
         * A platform's rate-limit time (X's {@code x-rate-limit-reset}, {@code Retry-After}, Meta's
         * {@code estimated_time_to_regain_access}) that lies past {@code max-duration} does not fail the send:
         * the message is stored as pending until then and sent again by the sweeper (it survives a restart).
         * Only a time later than this after the request fails it, with the platform's reason.
         */
        @WithDefault("24h")
        Duration maxRateLimitWait();
    }

    interface RateLimit {
        /** Sends per period (and the burst). */
        int permits();

        /** The period. */
        Duration period();
    }
}
