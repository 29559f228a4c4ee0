package io.outpost.kit.messaging;

import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A transaction's promise to wake the outbox relay in-process after it commits
 * ({@link Outbox#withTransaction}), kept on the transaction's Vert.x duplicated context (where
 * Hibernate Reactive keeps its session, so {@link Outbox#addAll} runs there too). {@link Outbox#addAll}
 * records that events were written; the transaction's owner reads that after the commit.
 */
final class CommitWake {

    private static final String KEY = CommitWake.class.getName();

    private final Context context;
    private volatile boolean eventsWritten;

    private CommitWake(Context context) {
        this.context = context;
    }

    /**
     * A new wake for a transaction about to open on the current context; null when there is none to
     * own: no duplicated context (nothing to keep it on), or one is open already (an enclosing
     * {@link Outbox#withTransaction}, whose wake this transaction shares).
     */
    static CommitWake open() {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context) || ContextLocals.get(KEY).isPresent()) {
            return null;
        }
        CommitWake wake = new CommitWake(context);
        ContextLocals.put(KEY, wake);
        return wake;
    }

    /** The wake of the transaction running on the current context; null outside {@link Outbox#withTransaction}. */
    static CommitWake current() {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            return null;
        }
        return ContextLocals.<CommitWake>get(KEY).orElse(null);
    }

    void eventsWritten() {
        eventsWritten = true;
    }

    boolean wroteEvents() {
        return eventsWritten;
    }

    /** The transaction ended: later transactions on this context open their own. */
    void close() {
        // The transaction may end on another thread (a failure); the local belongs to its context.
        context.removeLocal(KEY);
    }
}
