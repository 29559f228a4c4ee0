package io.outpost.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The X rules the {@link ChannelSandbox} enforces, with X's documented values by default
 * ({@link #documented()}); tests shorten them ({@code withAccessTokenLifetime(Duration.ofSeconds(30))}).
 * Where each value comes from is in the devstack README, "Which documented X rule each check comes from".
 *
 * @param clientId               the OAuth 2.0 client id of our X app, checked at {@code POST /2/oauth2/token}
 * @param clientSecret           its secret; present: a confidential client (X's "Web App, Automated App or Bot"),
 *                               which must authenticate with HTTP Basic; absent: a public client, named by the
 *                               {@code client_id} form field
 * @param accessTokenLifetime    how long an issued access token works (X: two hours)
 * @param tweets                 the per-user limit of {@code POST /2/tweets}
 * @param directMessages         the per-user limit of {@code POST /2/dm_conversations/with/:participant_id/messages}
 * @param usersNotAcceptingDms   X user ids whose settings refuse our DMs (403)
 * @param deletedTweets          tweet ids that are deleted or not visible to our accounts: a reply to one is
 *                               refused (403); more can be added while running ({@link ChannelSandbox#deleteTweet})
 * @param tokenStore             where issued OAuth tokens are kept across restarts (the local run: ingest-service
 *                               keeps the tokens it was given in its database); absent: in memory only
 * @param clock                  "now" for token expiry and rate-limit windows (tests move it on)
 */
public record XRules(String clientId, Optional<String> clientSecret, Duration accessTokenLifetime, RateLimit tweets,
        RateLimit directMessages, Set<String> usersNotAcceptingDms, Set<String> deletedTweets, Optional<Path> tokenStore,
        InstantSource clock) {

    /** {@code requests} per user (per account whose token is used) and endpoint in each fixed {@code window}. */
    public record RateLimit(int requests, Duration window) {
        public RateLimit {
            if (requests < 1 || window == null || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("a rate limit needs requests >= 1 and a positive window");
            }
        }
    }

    /** A local X user id that does not accept DMs from us (documented for tests and the local run). */
    public static final String USER_NOT_ACCEPTING_DMS = "2999999999";
    /** A local tweet id that is deleted: a reply to it is refused as X refuses one. */
    public static final String DELETED_TWEET = "1999999999999999999";
    /** The scopes X grants a support tool: post, read, DM, and a refresh token ({@code offline.access}). */
    public static final String SCOPE = "tweet.read tweet.write users.read dm.read dm.write offline.access";
    /** The client id of the sandbox's X app when none is given. */
    public static final String DEFAULT_CLIENT_ID = "sandbox-x-client";

    public XRules {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(tweets, "tweets");
        Objects.requireNonNull(directMessages, "directMessages");
        Objects.requireNonNull(tokenStore, "tokenStore");
        Objects.requireNonNull(clock, "clock");
        if (accessTokenLifetime == null || accessTokenLifetime.isZero() || accessTokenLifetime.isNegative()) {
            throw new IllegalArgumentException("accessTokenLifetime must be positive");
        }
        usersNotAcceptingDms = Set.copyOf(usersNotAcceptingDms);
        deletedTweets = Set.copyOf(deletedTweets);
    }

    /**
     * X's documented values: access tokens valid two hours (OAuth 2.0 Authorization Code Flow with PKCE, "How
     * long will my credentials stay valid?"); 100 {@code POST /2/tweets} per user per 15 minutes (docs.x.com,
     * X API v2 rate limits, Manage Posts); 200 one-to-one DM sends per user per 15 minutes (API reference of
     * {@code POST /2/dm_conversations/with/:participant_id/messages}); a public client {@value #DEFAULT_CLIENT_ID}.
     */
    public static XRules documented() {
        return new XRules(DEFAULT_CLIENT_ID, Optional.empty(), Duration.ofHours(2),
                new RateLimit(100, Duration.ofMinutes(15)), new RateLimit(200, Duration.ofMinutes(15)),
                Set.of(USER_NOT_ACCEPTING_DMS), Set.of(DELETED_TWEET), Optional.empty(), InstantSource.system());
    }

    /** The X app's client: a secret makes it a confidential client (HTTP Basic at the token endpoint). */
    public XRules withClient(String id, String secret) {
        return new XRules(id, Optional.ofNullable(secret), accessTokenLifetime, tweets, directMessages,
                usersNotAcceptingDms, deletedTweets, tokenStore, clock);
    }

    public XRules withAccessTokenLifetime(Duration lifetime) {
        return new XRules(clientId, clientSecret, lifetime, tweets, directMessages, usersNotAcceptingDms, deletedTweets,
                tokenStore, clock);
    }

    public XRules withTweetLimit(int requests, Duration window) {
        return new XRules(clientId, clientSecret, accessTokenLifetime, new RateLimit(requests, window), directMessages,
                usersNotAcceptingDms, deletedTweets, tokenStore, clock);
    }

    public XRules withDirectMessageLimit(int requests, Duration window) {
        return new XRules(clientId, clientSecret, accessTokenLifetime, tweets, new RateLimit(requests, window),
                usersNotAcceptingDms, deletedTweets, tokenStore, clock);
    }

    public XRules withUsersNotAcceptingDms(Set<String> userIds) {
        return new XRules(clientId, clientSecret, accessTokenLifetime, tweets, directMessages, userIds, deletedTweets,
                tokenStore, clock);
    }

    public XRules withDeletedTweets(Set<String> tweetIds) {
        return new XRules(clientId, clientSecret, accessTokenLifetime, tweets, directMessages, usersNotAcceptingDms,
                tweetIds, tokenStore, clock);
    }

    /** Keeps issued tokens in this file (read at start, written on every change). */
    public XRules withTokenStore(Path file) {
        return new XRules(clientId, clientSecret, accessTokenLifetime, tweets, directMessages, usersNotAcceptingDms,
                deletedTweets, Optional.of(file), clock);
    }

    public XRules withClock(InstantSource now) {
        return new XRules(clientId, clientSecret, accessTokenLifetime, tweets, directMessages, usersNotAcceptingDms,
                deletedTweets, tokenStore, now);
    }
}
