package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.ingest.domain.XTokenRefresh.Next;
import io.outpost.ingest.domain.XTokenRefresh.Refreshed;
import io.outpost.ingest.domain.XTokenRefresh.Refused;
import io.outpost.ingest.domain.XTokenRefresh.Stored;
import io.outpost.ingest.domain.XTokenRefresh.Unavailable;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class XTokenRefreshTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final Duration MARGIN = Duration.ofMinutes(5);
    static final byte[] SEALED = { 1, 2, 3 };

    @Test
    void aTokenIsRefreshedOnceItExpiresWithinTheMargin() {
        assertThat(XTokenRefresh.refreshDue(NOW.plus(Duration.ofHours(2)), NOW, MARGIN)).isFalse();
        assertThat(XTokenRefresh.refreshDue(NOW.plus(MARGIN).plusMillis(1), NOW, MARGIN)).isFalse();
        assertThat(XTokenRefresh.refreshDue(NOW.plus(MARGIN), NOW, MARGIN)).isTrue();
        assertThat(XTokenRefresh.refreshDue(NOW.minusSeconds(1), NOW, MARGIN)).isTrue();
        assertThat(XTokenRefresh.refreshDue(null, NOW, MARGIN)).as("no known expiry").isTrue();
    }

    @Test
    void aGoodTokenIsUsedAndADueOneClaimedUnlessSomeoneElseHoldsTheClaim() {
        Instant later = NOW.plus(Duration.ofHours(1));
        assertThat(XTokenRefresh.next(new Stored(SEALED, later, null), null, NOW, MARGIN)).isEqualTo(Next.USE);
        // A claim does not matter while the token is good.
        assertThat(XTokenRefresh.next(new Stored(SEALED, later, NOW.plusSeconds(10)), null, NOW, MARGIN)).isEqualTo(Next.USE);
        Instant soon = NOW.plus(Duration.ofMinutes(1));
        assertThat(XTokenRefresh.next(new Stored(SEALED, soon, null), null, NOW, MARGIN)).isEqualTo(Next.CLAIM);
        assertThat(XTokenRefresh.next(new Stored(SEALED, soon, NOW.plusSeconds(10)), null, NOW, MARGIN)).isEqualTo(Next.WAIT);
        // An expired claim (its holder died) is free to take.
        assertThat(XTokenRefresh.next(new Stored(SEALED, soon, NOW), null, NOW, MARGIN)).isEqualTo(Next.CLAIM);
        assertThat(XTokenRefresh.next(new Stored(SEALED, soon, NOW.minusSeconds(1)), null, NOW, MARGIN)).isEqualTo(Next.CLAIM);
        assertThat(XTokenRefresh.next(new Stored(null, later, null), null, NOW, MARGIN)).as("no access token").isEqualTo(Next.CLAIM);
    }

    @Test
    void aTokenXRefusedIsRefreshedWhateverItsExpiryUntilAnotherSenderReplacedIt() {
        Instant later = NOW.plus(Duration.ofHours(1));
        assertThat(XTokenRefresh.next(new Stored(SEALED, later, null), SEALED.clone(), NOW, MARGIN)).isEqualTo(Next.CLAIM);
        assertThat(XTokenRefresh.next(new Stored(SEALED, later, NOW.plusSeconds(5)), SEALED.clone(), NOW, MARGIN)).isEqualTo(Next.WAIT);
        byte[] replaced = { 9, 9, 9 };
        assertThat(XTokenRefresh.next(new Stored(replaced, later, null), SEALED, NOW, MARGIN)).isEqualTo(Next.USE);
    }

    @Test
    void xsDocumentedAnswerGivesBothNewTokensAndTheExpiry() {
        // The answer documented for grant_type=refresh_token.
        var answer = XTokenRefresh.read(200, """
                {"token_type":"bearer","expires_in":7200,"access_token":"new-access","scope":"tweet.write users.read offline.access",
                 "refresh_token":"new-refresh"}""", NOW, MAPPER);
        assertThat(answer).isEqualTo(new Refreshed("new-access", "new-refresh", NOW.plusSeconds(7200),
                "tweet.write users.read offline.access"));
        assertThat(answer.toString()).doesNotContain("new-access").doesNotContain("new-refresh");
        assertThat(XTokenRefresh.read(200, """
                {"token_type":"Bearer","expires_in":60,"access_token":"a","refresh_token":"r"}""", NOW, MAPPER))
                .isEqualTo(new Refreshed("a", "r", NOW.plusSeconds(60), null));
    }

    @Test
    void anAnswerWithoutWhatMustBeStoredIsNotTaken() {
        for (String body : new String[] {
                "{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\"a\"}",
                "{\"token_type\":\"bearer\",\"expires_in\":7200,\"refresh_token\":\"r\"}",
                "{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\" \",\"refresh_token\":\"r\"}",
                "{\"token_type\":\"mac\",\"expires_in\":7200,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
                "{\"expires_in\":7200,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
                "{\"token_type\":\"bearer\",\"access_token\":\"a\",\"refresh_token\":\"r\"}",
                "{\"token_type\":\"bearer\",\"expires_in\":0,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
                "{\"token_type\":\"bearer\",\"expires_in\":-5,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
                "{\"token_type\":\"bearer\",\"expires_in\":\"7200\",\"access_token\":\"a\",\"refresh_token\":\"r\"}",
                "{\"token_type\":\"bearer\",\"expires_in\":7200.5,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
                "{\"token_type\":\"bearer\",\"expires_in\":99999999999,\"access_token\":\"a\",\"refresh_token\":\"r\"}",
                "[]", "not json", "" }) {
            var answer = XTokenRefresh.read(200, body, NOW, MAPPER);
            assertThat(answer).as(body).isInstanceOf(Unavailable.class);
            assertThat(answer.toString()).as(body).doesNotContain("\"a\"");
        }
        assertThat(((Unavailable) XTokenRefresh.read(200, "{\"token_type\":\"bearer\",\"expires_in\":7200,\"access_token\":\"a\"}",
                NOW, MAPPER)).reason()).contains("no refresh_token").contains("offline.access");
    }

    @Test
    void xsRefusalOfASpentOrRevokedRefreshTokenIsRefusedWithItsReason() {
        // X's documented answer to a used or revoked refresh token.
        var answer = XTokenRefresh.read(400, """
                {"error":"invalid_request","error_description":"Value passed for the token was invalid."}""", NOW, MAPPER);
        assertThat(answer).isEqualTo(new Refused(
                "X refused to refresh the access token (400: invalid_request (Value passed for the token was invalid.))"));
        assertThat(XTokenRefresh.read(401, "{\"error\":\"unauthorized_client\"}", NOW, MAPPER))
                .isEqualTo(new Refused("X refused to refresh the access token (401: unauthorized_client)"));
        assertThat(XTokenRefresh.read(400, "", NOW, MAPPER)).isEqualTo(new Refused("X refused to refresh the access token (400)"));
    }

    @Test
    void rateLimitsAndOutagesAreNoVerdictOnTheToken() {
        assertThat(XTokenRefresh.read(503, "{\"title\":\"Service Unavailable\"}", NOW, MAPPER)).isInstanceOf(Unavailable.class);
        assertThat(XTokenRefresh.read(429, "Too Many Requests", NOW, MAPPER))
                .isEqualTo(new Unavailable("X's token endpoint answered 429: Too Many Requests"));
        assertThat(XTokenRefresh.read(403, "{\"error\":\"access_denied\"}", NOW, MAPPER)).isInstanceOf(Unavailable.class);
    }
}
