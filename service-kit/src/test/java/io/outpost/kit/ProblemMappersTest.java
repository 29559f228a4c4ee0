package io.outpost.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.kit.api.ProblemMappers;
import io.outpost.kit.api.StrictJson;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

    static final UriInfo URI_INFO = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(),
            new Class<?>[] {UriInfo.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getPath" -> "/api/v1/things";
                case "getRequestUri", "getAbsolutePath" -> URI.create("http://localhost/api/v1/things");
                default -> null;
            });

    record Signature(String signature) {
    }

    @Test
    void aValueTheDatabaseCannotStoreIsTheClientsError() {
        var nul = new RuntimeException("insert failed",
                new PgException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "22021", null));

        Response response = new ProblemMappers().unexpected(nul, URI_INFO);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    }

    @Test
    void theSameWhenHibernateReportsItAsAnSqlException() {
        var wrapped = new RuntimeException("could not execute statement",
                new java.sql.SQLException("invalid byte sequence for encoding UTF8: 0xff", "22021"));

        assertThat(new ProblemMappers().unexpected(wrapped, URI_INFO).getStatus()).isEqualTo(400);
    }

    @Test
    void aDatabaseOutageIsServiceUnavailableWithRetryAfter() {
        var outage = new RuntimeException(new PgException("the database system is shutting down", "FATAL", "57P03", null));

        Response response = new ProblemMappers().unexpected(outage, URI_INFO);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    }

    @Test
    void aConcurrentDuplicateIsAConflictNotAServerError() {
        var duplicate = new RuntimeException("could not execute statement",
                new java.sql.SQLException("duplicate key value violates unique constraint \"agent_signature_pkey\"", "23505"));

        Response response = new ProblemMappers().unexpected(duplicate, URI_INFO);

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    }

    @Test
    void aConnectionLostMidStatementIsAnOutage() {
        // Answered 500 while PostgreSQL restarted under load (system-tests' PostgresRestartTest); a consumer
        // would have dead-lettered the record instead of retrying it.
        var lost = new RuntimeException(io.vertx.sqlclient.ClosedConnectionException.INSTANCE);

        assertThat(new ProblemMappers().unexpected(lost, URI_INFO).getStatus()).isEqualTo(503);
        assertThat(io.outpost.kit.messaging.TransientFailures.isTransient(lost)).isTrue();
    }

    @Test
    void aBrokerThatDoesNotAcknowledgeInTimeIsAnOutageWithRetryAfter() {
        // ingest-service's webhooks answer once Kafka acknowledged the delivery: a broker away makes the
        // platform send it again later, not give up on a 500.
        var notAcknowledged = new RuntimeException(new org.apache.kafka.common.errors.TimeoutException(
                "Expiring 1 record(s) for outpost.webhooks-0: 2500 ms has passed since batch creation"));
        var tooLarge = new RuntimeException(new org.apache.kafka.common.errors.RecordTooLargeException("too large"));

        Response response = new ProblemMappers().unexpected(notAcknowledged, URI_INFO);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
        assertThat(io.outpost.kit.messaging.TransientFailures.isTransient(notAcknowledged)).isTrue();
        assertThat(io.outpost.kit.messaging.TransientFailures.isTransient(tooLarge)).as("not retriable").isFalse();
    }

    @Test
    void aLostUpdateIsAConflictNotAnOutage() {
        // Hibernate's version check failing under two concurrent PUTs (found by the bad-input sweep in CI).
        var stale = new RuntimeException(new org.hibernate.StaleObjectStateException("ChannelAccount", "42"));
        var deadlock = new RuntimeException(new PgException("deadlock detected", "ERROR", "40P01", null));

        Response lost = new ProblemMappers().unexpected(stale, URI_INFO);

        assertThat(lost.getStatus()).isEqualTo(409);
        assertThat(lost.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(new ProblemMappers().unexpected(deadlock, URI_INFO).getStatus()).isEqualTo(409);
    }

    @Test
    void aDateTheCalendarCannotHoldIsBadInput() {
        var year = new RuntimeException(new java.time.DateTimeException("Field Year cannot be printed as the value 5881580"
                + " exceeds the maximum print width of 4"));

        assertThat(new ProblemMappers().unexpected(year, URI_INFO).getStatus()).isEqualTo(400);
    }

    @Test
    void otherDatabaseFailuresStayServerErrors() {
        var bug = new RuntimeException(new PgException("column \"nope\" does not exist", "ERROR", "42703", null));

        assertThat(new ProblemMappers().unexpected(bug, URI_INFO).getStatus()).isEqualTo(500);
    }

    @Test
    void aKeyGivenTwiceIsMalformedJson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);

        assertThatThrownBy(() -> mapper.readValue("{\"signature\":12345,\"signature\":\"x\"}", Signature.class))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("Duplicate field 'signature'");
        assertThat(mapper.readValue("{\"signature\":\"^JK\"}", Signature.class).signature()).isEqualTo("^JK");
    }
}
