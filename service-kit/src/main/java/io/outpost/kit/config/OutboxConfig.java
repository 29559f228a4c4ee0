package io.outpost.kit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The outbox relay: how it finds events to publish and how long it waits for anything. */
@ConfigMapping(prefix = "outpost.outbox")
public interface OutboxConfig {

    /** Fallback poll period; commits normally wake the relay at once through PostgreSQL NOTIFY. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Events published per round (one select, one send, one delete). */
    @WithDefault("500")
    int batchSize();

    /** How long the relay waits for the broker's acknowledgements before publishing the batch again. */
    @WithDefault("30s")
    Duration sendTimeout();

    /**
     * The longest one of the relay's statements may run: PostgreSQL's {@code statement_timeout} on
     * the relay's connection, and (plus a second) the relay's own wait for an answer, which also
     * covers a connection that went silent. Connecting has the same limit.
     */
    @WithDefault("10s")
    Duration statementTimeout();

    /**
     * The longest the relay's delete waits for a row lock held by another session
     * ({@code lock_timeout}); the warning then names the sessions holding locks on the outbox.
     */
    @WithDefault("5s")
    Duration lockTimeout();

    /**
     * A relay that has not been able to take the leader lock while an event waited longer than this
     * warns, naming the session that holds the lock (once per such period).
     */
    @WithDefault("30s")
    Duration leaderWarningAfter();

    /**
     * Readiness turns DOWN (reason in the health body) while the oldest unpublished event is older
     * than this: what the service announces reaches nobody.
     */
    @WithDefault("3m")
    Duration readyMaxAge();

    /** How often the backlog gauges and the readiness check's reading are refreshed. */
    @WithDefault("5s")
    Duration backlogProbeInterval();

    /** Listen for PostgreSQL notifications of new events (off: poll only). */
    @WithDefault("true")
    boolean listen();

    /**
     * Wake the relay in-process after the commit of a transaction opened by
     * {@code Outbox.withTransaction} (the inbox's), with no {@code NOTIFY} for it while this instance
     * leads. Off: every commit is announced by {@code NOTIFY}, as before issue 19 (for comparison).
     */
    @WithDefault("true")
    boolean wakeInProcess();
}
