package io.outpost.ingest.store;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import org.hibernate.JDBCException;

/**
 * Recognises PostgreSQL's unique_violation (SQLSTATE 23505) anywhere in a failure's causes. Hibernate
 * Reactive reports a violation at flush as its own {@link JDBCException} around a {@link SQLException};
 * a direct client call reports a {@link PgException}.
 */
public final class UniqueViolations {

    static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolations() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String state = t instanceof PgException pg ? pg.getSqlState()
                    : t instanceof JDBCException jdbc ? jdbc.getSQLState()
                    : t instanceof SQLException sql ? sql.getSQLState()
                    : null;
            if (UNIQUE_VIOLATION.equals(state)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
