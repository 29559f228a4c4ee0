package io.outpost.devstack;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** Counting the outbox's {@code NOTIFY}s in tests without a timed "nothing arrived" wait. */
public final class OutboxNotifications {

    private OutboxNotifications() {
    }

    /**
     * The outbox notifications (channel {@code outbox_event}) the listener received before a marker that
     * {@code other} sends now: a listener receives notifications in commit order, so every notification of
     * the commits before has arrived by the time the marker does (waited for 10 s at most).
     */
    public static int before(PGConnection listener, Connection other) throws SQLException {
        try (Statement s = other.createStatement()) {
            s.execute("notify outbox_event, 'marker'");
        }
        int received = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            PGNotification[] arrived = listener.getNotifications(200);
            for (PGNotification notification : arrived == null ? new PGNotification[0] : arrived) {
                if ("marker".equals(notification.getParameter())) {
                    return received;
                }
                received++;
            }
        }
        throw new AssertionError("the marker notification did not arrive within 10 s");
    }
}
