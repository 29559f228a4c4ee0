package io.outpost.ingest.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.ingest.config.OutboundConfig;
import io.outpost.ingest.domain.ChannelAccount;
import io.outpost.ingest.domain.CredentialsStatus;
import io.outpost.ingest.domain.XTokenRefresh;
import io.outpost.ingest.store.AccountSecrets;
import io.outpost.ingest.store.CredentialsHealth;
import io.outpost.ingest.store.XTokenStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * An X account's OAuth 2.0 user access token, valid for the next send: the stored one, or a new one
 * from X's token endpoint when it expires within {@code outpost.outbound.x.refresh-margin} or X has just
 * refused it (401). X rotates the refresh token on every refresh, so both tokens are stored again each
 * time ({@link XTokenStore#storeRefreshed}).
 *
 * <p><b>Several senders, several replicas.</b> A refresh token works once: two senders refreshing with it
 * at once would leave one of them refused (and the account looking broken). So a sender first takes the
 * account's refresh claim, a conditional update of {@code refresh_claimed_until} in its own short
 * transaction; the one that gets it calls X (no transaction open meanwhile) and stores the result; the
 * others poll the row every {@link #POLL} until the token is new, up to the claim's lifetime (longer than
 * any token call can take). A claim whose holder died expires and is taken over. When X refuses a
 * refresh token the row is read again before the account is marked failing: another sender may have
 * rotated it in the meantime, and its new token is then used.
 */
@ApplicationScoped
public class XAccessTokens {

    private static final String ACCESS_TOKEN = AccountSecrets.X_ACCESS_TOKEN;
    private static final String REFRESH_TOKEN = AccountSecrets.X_REFRESH_TOKEN;
    static final Duration POLL = Duration.ofMillis(100);
    private static final Logger LOG = Logger.getLogger(XAccessTokens.class);

    /** The outcome: a token to send with, or why there is none. */
    public sealed interface Outcome {
    }

    /** Send with {@code token}; {@code sealed} is its stored form, to name it if X refuses it (401). */
    public record Usable(String token, byte[] sealed) implements Outcome {
        @Override
        public String toString() {
            return "Usable[redacted]";
        }
    }

    /** The account cannot send until an admin acts (X refused the refresh token, no client id, unreadable tokens). */
    public record Refused(String reason) implements Outcome {
    }

    /** No token now (X's token endpoint unavailable, the claim's holder too slow); worth trying again later. */
    public record Unavailable(String reason) implements Outcome {
    }

    private final XTokenStore store;
    private final AccountSecrets secrets;
    private final CredentialsHealth health;
    private final PlatformClients clients;
    private final OutboundConfig config;
    private final ObjectMapper mapper;
    private final Vertx vertx;

    public XAccessTokens(XTokenStore store, AccountSecrets secrets, CredentialsHealth health, PlatformClients clients,
            OutboundConfig config, ObjectMapper mapper, Vertx vertx) {
        this.store = store;
        this.secrets = secrets;
        this.health = health;
        this.clients = clients;
        this.config = config;
        this.mapper = mapper;
        this.vertx = vertx;
    }

    /** True when the account sends with stored OAuth tokens (rather than a {@code credentialsRef}). */
    public static boolean usesOAuth(ChannelAccount account) {
        return account.refreshToken != null;
    }

    /**
     * A token for a send from {@code account} (as loaded when the delivery was claimed: the first decision
     * needs no extra read). {@code rejected}: the sealed token X has just answered 401 to, or null.
     */
    public Uni<Outcome> token(ChannelAccount account, byte[] rejected) {
        long waitUntil = System.nanoTime() + claimLifetime().toNanos();
        Context context = Vertx.currentContext();
        if (rejected != null) {
            // After a 401 the row as loaded may be older than the token refused (refreshed earlier in this send).
            return store.read(account.id).chain(row -> decide(account, row, rejected, context, waitUntil));
        }
        XTokenStore.TokenRow loaded = new XTokenStore.TokenRow(account.accessToken, account.refreshToken,
                account.accessTokenExpiresAt, account.refreshClaimedUntil);
        return decide(account, loaded, null, context, waitUntil);
    }

    private Uni<Outcome> decide(ChannelAccount account, XTokenStore.TokenRow row, byte[] rejected, Context context,
            long waitUntil) {
        if (row == null) {
            return Uni.createFrom().item(new Refused("the x account " + account.platformAccountId + " was removed"));
        }
        Instant now = now();
        return switch (XTokenRefresh.next(row.stored(), rejected, now, config.x().refreshMargin())) {
            case USE -> Uni.createFrom().item(() -> usable(account, row));
            case WAIT -> {
                if (System.nanoTime() > waitUntil) {
                    yield Uni.createFrom().item(orStored(account, row, rejected, "another sender has been refreshing the access token"
                            + " of the x account " + account.platformAccountId + " for " + claimLifetime().toSeconds() + " s"));
                }
                yield sleep(POLL, context).chain(() -> store.read(account.id))
                        .chain(fresh -> decide(account, fresh, rejected, context, waitUntil));
            }
            case CLAIM -> {
                Instant until = now.plus(claimLifetime());
                yield store.claim(account.id, now, until).chain(won -> won
                        // Re-read under the claim: the tokens may have been refreshed between our read and our claim.
                        ? store.read(account.id).chain(fresh -> refreshUnderClaim(account, fresh, rejected, until))
                        : store.read(account.id).chain(fresh -> decide(account, fresh, rejected, context, waitUntil)));
            }
        };
    }

    private Uni<Outcome> refreshUnderClaim(ChannelAccount account, XTokenStore.TokenRow row, byte[] rejected, Instant until) {
        if (row == null) {
            return Uni.createFrom().item(new Refused("the x account " + account.platformAccountId + " was removed"));
        }
        XTokenRefresh.Stored unclaimed = new XTokenRefresh.Stored(row.accessToken(), row.expiresAt(), null);
        if (XTokenRefresh.next(unclaimed, rejected, now(), config.x().refreshMargin()) == XTokenRefresh.Next.USE) {
            return store.release(account.id, until).map(v -> usable(account, row));
        }
        Optional<String> clientId = config.x().clientId().filter(c -> !c.isBlank());
        if (clientId.isEmpty()) {
            return refused(account, until, "the access token of the x account " + account.platformAccountId
                    + " needs refreshing, but outpost.outbound.x.client-id is not set");
        }
        String refreshToken;
        try {
            refreshToken = secrets.open(account.id, REFRESH_TOKEN, row.refreshToken());
        } catch (IllegalStateException e) {
            return refused(account, until, "cannot read the refresh token of the x account " + account.platformAccountId
                    + ": " + e.getMessage());
        }
        LOG.infof("refreshing the access token of the x account %s (expires %s)", account.platformAccountId, row.expiresAt());
        return call(clientId.get(), refreshToken).chain(answer -> {
            if (answer instanceof XTokenRefresh.Refreshed fresh) {
                return stored(account, fresh);
            }
            if (answer instanceof XTokenRefresh.Refused no) {
                // Another sender may have rotated the token while we held a stale one (our claim expired, or
                // it refreshed just before our read): its tokens are in the row then, and they are good.
                return store.read(account.id).chain(latest -> latest != null
                        && !Arrays.equals(latest.refreshToken(), row.refreshToken())
                        ? store.release(account.id, until).map(v -> usable(account, latest))
                        : refused(account, until, no.reason() + " for the x account " + account.platformAccountId
                                + ": authorise the account again and set its oauth tokens"));
            }
            String reason = ((XTokenRefresh.Unavailable) answer).reason();
            return store.release(account.id, until).map(v -> orStored(account, row, rejected, reason
                    + " (refreshing the access token of the x account " + account.platformAccountId + ")"));
        });
    }

    /** Stores what X issued (both tokens sealed, the expiry; the account ok; the claim released). */
    private Uni<Outcome> stored(ChannelAccount account, XTokenRefresh.Refreshed fresh) {
        byte[] access = secrets.seal(account.id, ACCESS_TOKEN, fresh.accessToken());
        byte[] refresh = secrets.seal(account.id, REFRESH_TOKEN, fresh.refreshToken());
        return store.storeRefreshed(account.id, access, refresh, fresh.expiresAt().truncatedTo(ChronoUnit.MICROS), now())
                .invoke(() -> {
                    LOG.infof("refreshed the access token of the x account %s; it expires %s", account.platformAccountId,
                            fresh.expiresAt());
                    account.credentialsStatus = CredentialsStatus.OK.wireName();
                    account.credentialsError = null;
                    health.show(account.channel, account.platformAccountId, CredentialsStatus.OK);
                })
                .map(v -> new Usable(fresh.accessToken(), access));
    }

    /** X's token endpoint; a transport failure is {@link XTokenRefresh.Unavailable}. The refresh token is never logged. */
    private Uni<XTokenRefresh.Answer> call(String clientId, String refreshToken) {
        Uni<Response> call = config.x().clientSecret().filter(s -> !s.isBlank())
                .map(secret -> clients.xOAuth().refreshConfidential("Basic " + Base64.getEncoder().encodeToString(
                        (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)), "refresh_token", refreshToken, clientId))
                .orElseGet(() -> clients.xOAuth().refresh("refresh_token", refreshToken, clientId));
        return Uni.createFrom().deferred(() -> call)
                .map(response -> read(response))
                .onFailure().recoverWithItem(failure -> failure instanceof WebApplicationException wae && wae.getResponse() != null
                        ? read(wae.getResponse())
                        : new XTokenRefresh.Unavailable("X's token endpoint could not be reached (" + failure.getClass().getSimpleName()
                                + ": " + failure.getMessage() + ")"));
    }

    private XTokenRefresh.Answer read(Response response) {
        String body;
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : null;
        } catch (RuntimeException e) {
            body = null;
        }
        return XTokenRefresh.read(response.getStatus(), body, Instant.now(), mapper);
    }

    /** Gives the claim back and answers {@link Refused} (the caller marks the account failing). */
    private Uni<Outcome> refused(ChannelAccount account, Instant until, String reason) {
        LOG.warnf("x account %s: %s", account.platformAccountId, reason);
        return store.release(account.id, until).map(v -> new Refused(reason));
    }

    /**
     * No new token now: the stored one while it has not expired and X has not just refused it (a refresh
     * ahead of the margin can wait for the next send), else {@link Unavailable}.
     */
    private Outcome orStored(ChannelAccount account, XTokenStore.TokenRow row, byte[] rejected, String reason) {
        if (row.accessToken() != null && !Arrays.equals(row.accessToken(), rejected) && row.expiresAt() != null
                && row.expiresAt().isAfter(Instant.now())) {
            LOG.infof("x account %s: %s; sending with the stored token until it expires at %s", account.platformAccountId,
                    reason, row.expiresAt());
            return usable(account, row);
        }
        return new Unavailable(reason);
    }

    private Outcome usable(ChannelAccount account, XTokenStore.TokenRow row) {
        try {
            return new Usable(secrets.open(account.id, ACCESS_TOKEN, row.accessToken()), row.accessToken());
        } catch (IllegalStateException e) {
            return new Refused("cannot read the access token of the x account " + account.platformAccountId + ": " + e.getMessage());
        }
    }

    /** Longer than one token call can take (connect and read timeouts) plus a margin: the claim outlives its holder's call. */
    Duration claimLifetime() {
        return config.connectTimeout().plus(config.readTimeout()).plusSeconds(5);
    }

    private Uni<Void> sleep(Duration wait, Context context) {
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
            if (context != null) {
                context.runOnContext(v -> emitter.complete(null));
            } else {
                emitter.complete(null);
            }
        }));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
