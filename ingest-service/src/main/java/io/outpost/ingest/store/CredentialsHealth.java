package io.outpost.ingest.store;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.outpost.ingest.domain.ChannelAccount;
import io.outpost.ingest.domain.CredentialsStatus;
import io.outpost.ingest.domain.CredentialsStatus.State;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Whether each channel account's credentials work ({@link CredentialsStatus}), in the account's row and
 * on the gauge {@code outpost.channel.account.credentials.failing} (tags {@code channel}, {@code account} =
 * the platform account id): 1 while failing, 0 otherwise. The gauge is loaded from the database at
 * start and again every minute (another replica may have changed a status), and set at once by the
 * changes this process makes.
 */
@ApplicationScoped
public class CredentialsHealth {

    static final String GAUGE = "outpost.channel.account.credentials.failing";
    private static final Logger LOG = Logger.getLogger(CredentialsHealth.class);

    private record Key(String channel, String account) {
    }

    private final MeterRegistry meters;
    private final Map<Key, AtomicInteger> failing = new ConcurrentHashMap<>();
    private final Map<Key, Gauge> gauges = new ConcurrentHashMap<>();

    public CredentialsHealth(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * Applies {@code event} to the account's credentials state as loaded ({@code account}), writing only
     * when it changes (a send that worked on an {@code ok} account writes nothing). The write is
     * unconditional: the last verdict wins.
     */
    public Uni<Void> record(ChannelAccount account, CredentialsStatus.Event event) {
        State current = State.of(account.credentialsStatus, account.credentialsError);
        return CredentialsStatus.after(current, event)
                .map(next -> {
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return Panache.withTransaction(() -> ChannelAccount.update(
                                    "credentialsStatus = ?1, credentialsError = ?2, credentialsCheckedAt = ?3 where id = ?4",
                                    next.status().wireName(), next.error(), now, account.id))
                            .invoke(updated -> {
                                if (updated > 0) {
                                    account.credentialsStatus = next.status().wireName();
                                    account.credentialsError = next.error();
                                    account.credentialsCheckedAt = now;
                                    show(account.channel, account.platformAccountId, next.status());
                                }
                            })
                            .replaceWithVoid();
                })
                .orElseGet(() -> {
                    show(account.channel, account.platformAccountId, current.status());
                    return Uni.createFrom().voidItem();
                });
    }

    /** Sets the gauge of one account (registering it on first sight). */
    public void show(String channel, String platformAccountId, CredentialsStatus status) {
        Key key = new Key(channel, platformAccountId);
        failing.computeIfAbsent(key, k -> {
            AtomicInteger value = new AtomicInteger();
            gauges.put(k, Gauge.builder(GAUGE, value, AtomicInteger::get)
                    .description("1 while the channel account's credentials are failing (refused by the platform, or none), else 0")
                    .tag("channel", k.channel()).tag("account", k.account())
                    .register(meters));
            return value;
        }).set(status == CredentialsStatus.FAILING ? 1 : 0);
    }

    /** Drops the gauge of an account that no longer exists (or moved to another channel or platform id). */
    public void forget(String channel, String platformAccountId) {
        Key key = new Key(channel, platformAccountId);
        failing.remove(key);
        Gauge gauge = gauges.remove(key);
        if (gauge != null) {
            meters.remove(gauge);
        }
    }

    /** Every account's status from the database onto the gauge; accounts gone lose theirs. */
    @Scheduled(every = "${outpost.channel-accounts.credentials-gauge-reload:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reload() {
        try {
            VertxContextSupport.subscribeAndAwait(this::reloadOnce);
        } catch (Throwable e) {
            LOG.warnf("could not load the channel accounts' credentials status: %s", e.getMessage());
        }
    }

    Uni<Void> reloadOnce() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select a.channel, a.platformAccountId, a.credentialsStatus from ChannelAccount a", Object[].class)
                .getResultList()))
                .invoke(this::showAll)
                .replaceWithVoid();
    }

    private void showAll(List<Object[]> rows) {
        Set<Key> seen = new HashSet<>();
        for (Object[] row : rows) {
            // channel, platformAccountId, credentialsStatus as selected above
            String channel = (String) row[0];
            String account = (String) row[1];
            seen.add(new Key(channel, account));
            show(channel, account, CredentialsStatus.fromWire((String) row[2]));
        }
        for (Key key : Set.copyOf(failing.keySet())) {
            if (!seen.contains(key)) {
                forget(key.channel(), key.account());
            }
        }
    }
}
