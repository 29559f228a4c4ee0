package io.outpost.kit.messaging;

import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells an outage (retry until it is over) from a bad record (dead-letter it). A post must not
 * land in a dead-letter topic because the database was restarting.
 */
public final class TransientFailures {

    /** SQLSTATE classes of failures that heal by themselves: connection, rollback, resources, shutdown. */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "55", "57", "58");

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PoisonEventException) {
                return false;
            }
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                return state != null && state.length() >= 2 && TRANSIENT_SQL_CLASSES.contains(state.substring(0, 2));
            }
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof org.apache.kafka.common.errors.RetriableException) {
                // The broker did not acknowledge in time or is electing a leader: the same send later will work.
                return true;
            }
            if (t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                // The database went away in the middle of a statement (seen while PostgreSQL restarts).
                return true;
            }
            String name = t.getClass().getName();
            String message = String.valueOf(t.getMessage());
            if (name.startsWith("io.vertx.core") && (message.contains("Connection") || message.contains("closed")
                    || message.contains("Pool") || message.contains("Timeout"))) {
                return true;
            }
            if (name.equals("org.hibernate.HibernateException") && message.contains("connection")) {
                return true;
            }
            if (isOptimisticLockFailure(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Another transaction changed the same row first (Hibernate's version check), or PostgreSQL
     * rolled this one back to resolve a serialization failure or a deadlock with a concurrent one:
     * the request may be retried on fresh state, or answered 409 when retries run out.
     */
    public static boolean isConcurrentChange(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (isOptimisticLockFailure(t)) {
                return true;
            }
            String state = t instanceof PgException pg ? pg.getSqlState()
                    : t instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
            if ("40001".equals(state) || "40P01".equals(state)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean isOptimisticLockFailure(Throwable t) {
        String name = t.getClass().getName();
        return name.endsWith("OptimisticLockException") || name.endsWith("StaleObjectStateException")
                || name.endsWith(".StaleStateException");
    }
}
