package io.outpost.ingest.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The credentials gauge follows the database, not only this process: what another replica wrote (here:
 * the table changed directly) shows after a reload, as it does at start; an account gone loses its series.
 */
@QuarkusTest
class CredentialsHealthTest {

    static final Pattern FAILING = Pattern.compile(
            "^outpost_channel_account_credentials_failing\\{([^}]*)} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    @Inject
    CredentialsHealth health;

    @Inject
    Pool db;

    static double gauge(String platformId) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = FAILING.matcher(metrics);
        while (m.find()) {
            if (m.group(1).contains("account=\"" + platformId + "\"") && m.group(1).contains("channel=\"x\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }

    void sql(String statement, UUID id) {
        db.preparedQuery(statement).execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void theGaugeIsLoadedFromTheDatabase() {
        String platformId = "x-gauge-" + UUID.randomUUID();
        String id = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"channel\":\"x\",\"platformAccountId\":\"" + platformId + "\",\"credentialsRef\":\"test-x-token\"}")
                .when().post("/api/v1/channel-accounts").then().statusCode(201).extract().path("id");
        assertThat(gauge(platformId)).isEqualTo(0);

        // Another replica marked it failing.
        sql("update channel_account set credentials_status = 'failing', credentials_error = 'X refused to refresh the access token (400)',"
                + " credentials_checked_at = now() where id = $1", UUID.fromString(id));
        health.reload();
        assertThat(gauge(platformId)).isEqualTo(1);
        assertThat(given().auth().oauth2(TestTokens.admin()).when().get("/api/v1/channel-accounts/" + id).then().statusCode(200)
                .extract().jsonPath().getString("credentialsError")).isEqualTo("X refused to refresh the access token (400)");

        // ... and then it worked again there.
        sql("update channel_account set credentials_status = 'ok', credentials_error = null where id = $1", UUID.fromString(id));
        health.reload();
        assertThat(gauge(platformId)).isEqualTo(0);

        // Deleted elsewhere: the series goes.
        sql("delete from channel_account where id = $1", UUID.fromString(id));
        health.reload();
        assertThat(gauge(platformId)).isEqualTo(-1);
    }
}
