package io.outpost.ingest.api;

import io.outpost.devstack.LocalTokens;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.outpost.contracts.events.PostIngested;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.outpost.ingest.PostEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChannelAccountsResourceTest {

    static final String PATH = "/api/v1/channel-accounts";

    @Inject
    Pool db;

    static String account(String channel, String platformAccountId) {
        return """
                {"channel":"%s","platformAccountId":"%s","handle":"AcmeSupport","displayName":"Acme Support",
                 "credentialsRef":"outpost-x-acme/access-token"}""".formatted(channel, platformAccountId);
    }

    static String create(String body) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post(PATH)
                .then().log().ifValidationFails().statusCode(201)
                .extract().path("id");
    }

    @Test
    void anAdminCreatesReadsReplacesAndDeletesAnAccount() {
        String platformId = "u-" + UUID.randomUUID();
        Response created = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(account("x", platformId))
                .when().post(PATH);
        created.then().statusCode(201)
                .body("channel", equalTo("x"))
                .body("platformAccountId", equalTo(platformId))
                .body("handle", equalTo("AcmeSupport"))
                .body("credentialsRef", equalTo("outpost-x-acme/access-token"))
                .body("createdAt", notNullValue());
        String id = created.path("id");
        assertThat(created.header("Location")).endsWith(PATH + "/" + id);

        given().auth().oauth2(TestTokens.admin()).when().get(PATH + "/" + id)
                .then().statusCode(200).body("id", equalTo(id)).body("displayName", equalTo("Acme Support"));

        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"channel\":\"x\",\"platformAccountId\":\"" + platformId + "\",\"handle\":\"AcmeHelp\"}")
                .when().put(PATH + "/" + id)
                .then().statusCode(200).body("handle", equalTo("AcmeHelp")).body("credentialsRef", nullValue());

        given().auth().oauth2(TestTokens.admin()).when().delete(PATH + "/" + id).then().statusCode(204);
        given().auth().oauth2(TestTokens.admin()).when().get(PATH + "/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).when().delete(PATH + "/" + id).then().statusCode(404);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(account("x", platformId))
                .when().put(PATH + "/" + id)
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void oneChannelAndPlatformIdIsOneAccount() {
        String platformId = "u-" + UUID.randomUUID();
        create(account("x", platformId));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(account("x", platformId))
                .when().post(PATH)
                .then().statusCode(409).contentType("application/problem+json");
        // The same id on another channel is another account.
        String other = create(account("instagram", platformId));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(account("x", platformId))
                .when().put(PATH + "/" + other)
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void theListIsPagedWithACursorAndFilteredByChannel() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(create(account("forum", "page-" + UUID.randomUUID())));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(TestTokens.admin()).queryParam("channel", "forum").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.when().get(PATH).then().statusCode(200).extract().jsonPath();
            assertThat(page.getList("items")).hasSizeLessThanOrEqualTo(2);
            assertThat(page.getList("items.channel", String.class)).containsOnly("forum");
            seen.addAll(page.getList("items.id", String.class));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10_000);
        assertThat(seen).doesNotHaveDuplicates().containsAll(created);
        assertThat(pages).isGreaterThanOrEqualTo(2);

        given().auth().oauth2(TestTokens.admin()).queryParam("limit", 0).when().get(PATH)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).queryParam("cursor", "not-a-cursor").when().get(PATH)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).queryParam("channel", "myspace").when().get(PATH)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void invalidAccountsAreRejectedWithProblemDetails() {
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"channel\":\"x\",\"platformAccountId\":\" \",\"credentialsRef\":\"token: abc def\"}")
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("platformAccountId"))
                .body("errors.field", hasItem("credentialsRef"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(account("myspace", "1"))
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{\"channel\":")
                .when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.TEXT).body(account("x", "1"))
                .when().post(PATH)
                .then().statusCode(415);
        given().auth().oauth2(TestTokens.admin()).when().get(PATH + "/not-a-uuid")
                .then().statusCode(400).contentType("application/problem+json");
    }

    static String forum(String platformId, String endpointUrl, String signingSecret) {
        return """
                {"channel":"forum","platformAccountId":"%s","handle":"AcmeTeam"%s%s}""".formatted(platformId,
                endpointUrl == null ? "" : ",\"endpointUrl\":\"" + endpointUrl + "\"",
                signingSecret == null ? "" : ",\"signingSecret\":\"" + signingSecret + "\"");
    }

    byte[] storedSigningSecret(String id) {
        return db.preparedQuery("select signing_secret from channel_account where id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getBuffer("signing_secret").getBytes();
    }

    @Test
    void aForumAccountNamesItsEndpointAndItsSigningSecretIsSealedAndNeverReturned() {
        String platformId = "forum-" + UUID.randomUUID();
        String secret = "first-signing-secret-" + UUID.randomUUID();
        Response created = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(forum(platformId, "https://forum.example.com/outpost/replies", secret))
                .when().post(PATH);
        created.then().statusCode(201)
                .body("endpointUrl", equalTo("https://forum.example.com/outpost/replies"))
                .body("signingSecretSet", equalTo(true))
                .body("signingSecretSetAt", notNullValue())
                .body("$", not(hasKey("signingSecret")));
        assertThat(created.asString()).doesNotContain(secret);
        String id = created.path("id");
        String firstSetAt = created.path("signingSecretSetAt");
        byte[] stored = storedSigningSecret(id);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).as("sealed, not in clear").doesNotContain(secret);
        assertThat(given().auth().oauth2(TestTokens.admin()).when().get(PATH + "/" + id).then().statusCode(200).extract().asString())
                .doesNotContain(secret).contains("\"signingSecretSet\":true");
        assertThat(given().auth().oauth2(TestTokens.admin()).queryParam("channel", "forum").queryParam("limit", 200)
                .when().get(PATH).then().statusCode(200).extract().asString()).doesNotContain(secret);

        // A replace without a secret keeps the stored one (a client cannot send back what it never sees).
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(forum(platformId, "https://forum.example.com/v2/outpost", null))
                .when().put(PATH + "/" + id)
                .then().statusCode(200).body("endpointUrl", equalTo("https://forum.example.com/v2/outpost"))
                .body("signingSecretSet", equalTo(true)).body("signingSecretSetAt", equalTo(firstSetAt));
        assertThat(storedSigningSecret(id)).isEqualTo(stored);

        // Rotation is setting a new one.
        String rotated = "second-signing-secret-" + UUID.randomUUID();
        Response replaced = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(forum(platformId, "https://forum.example.com/v2/outpost", rotated)).when().put(PATH + "/" + id);
        replaced.then().statusCode(200).body("signingSecretSet", equalTo(true)).body("signingSecretSetAt", not(equalTo(firstSetAt)));
        assertThat(replaced.asString()).doesNotContain(rotated);
        assertThat(storedSigningSecret(id)).isNotEqualTo(stored);
    }

    @Test
    void badForumSettingsAreProblemsThatSayWhichFieldAndWhy() {
        String secret = "a-good-signing-secret-" + UUID.randomUUID();
        Function<String, io.restassured.response.ValidatableResponse> post = body -> given().auth().oauth2(TestTokens.admin())
                .contentType(ContentType.JSON).body(body).when().post(PATH)
                .then().statusCode(400).contentType("application/problem+json");
        post.apply(forum("f-" + UUID.randomUUID(), "http://forum.example.com/outpost", secret))
                .body("detail", equalTo("endpointUrl must use https (http only for localhost or a loopback address)"));
        post.apply(forum("f-" + UUID.randomUUID(), "https://forum.example.com/outpost?key=1", secret))
                .body("detail", equalTo("endpointUrl must not have a query or a fragment"));
        post.apply(forum("f-" + UUID.randomUUID(), "forum.example.com/outpost", secret))
                .body("detail", containsString("endpointUrl must be an absolute https URL"));
        post.apply(forum("f-" + UUID.randomUUID(), "https://forum.example.com/outpost", null))
                .body("detail", equalTo("signingSecret is required with endpointUrl: replies to the forum are always signed"));
        String shortSecret = "too-short-" + UUID.randomUUID().toString().substring(0, 8);
        String refused = post.apply(forum("f-" + UUID.randomUUID(), "https://forum.example.com/outpost", shortSecret))
                .body("errors.field", hasItem("signingSecret")).extract().asString();
        assertThat(refused).as("a refused secret is not echoed").doesNotContain(shortSecret);
        post.apply("""
                {"channel":"x","platformAccountId":"x-%s","endpointUrl":"https://forum.example.com/outpost","signingSecret":"%s"}"""
                .formatted(UUID.randomUUID(), secret))
                .body("detail", startsWith("endpointUrl and signingSecret are for forum accounts only"));
        // http is fine on this machine, and a forum account may exist without an endpoint (our posts are still marked ours).
        create(forum("f-" + UUID.randomUUID(), "http://127.0.0.1:8090/forum/replies", secret));
        create(forum("f-" + UUID.randomUUID(), null, null));
    }

    @Test
    void anAccountMayServeARegionGivenAsACountryCodeOrAShortLowerCaseLabel() {
        String platformId = "r-" + UUID.randomUUID();
        String body = """
                {"channel":"x","platformAccountId":"%s","handle":"AcmeUK_Help","region":"gb"}""".formatted(platformId);
        String id = create(body);
        given().auth().oauth2(TestTokens.admin()).when().get(PATH + "/" + id)
                .then().statusCode(200).body("region", equalTo("gb"));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(body.replace("\"gb\"", "\"uk-north\""))
                .when().put(PATH + "/" + id)
                .then().statusCode(200).body("region", equalTo("uk-north"));
        // Replaced without a region: it has none.
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"channel\":\"x\",\"platformAccountId\":\"" + platformId + "\"}")
                .when().put(PATH + "/" + id)
                .then().statusCode(200).body("region", nullValue());

        for (String bad : List.of("GB", "United Kingdom", "", "-gb", "gb_north", "9z", "r".repeat(33))) {
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(body.replace("\"gb\"", "\"" + bad + "\""))
                    .when().post(PATH)
                    .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("region"));
            given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                    .body(body.replace("\"gb\"", "\"" + bad + "\""))
                    .when().put(PATH + "/" + id)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.admin()).when().get(PATH + "/" + id)
                .then().statusCode(200).body("region", nullValue());
    }

    @Test
    void aPostByARegisteredAccountIsIngestedAsOurs() {
        String ours = "staff-" + UUID.randomUUID();
        create(account("forum", ours));
        String externalId = "t-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.integration()).contentType(ContentType.JSON)
                .body("""
                        {"channel":"forum","externalId":"%s","author":{"platformUserId":"%s"},
                         "text":"We have fixed it","createdAt":"2026-11-01T08:00:00Z"}""".formatted(externalId, ours))
                .when().post("/api/v1/posts")
                .then().statusCode(202);

        PostIngested event = TestEvents.payload(PostEvents.exactly(externalId, 1).get(0), PostIngested.class);
        assertThat(event.fromOwnAccount()).isTrue();
    }

    static String xOauth(String platformId, String access, String refresh, String expiresAt) {
        return """
                {"channel":"x","platformAccountId":"%s","handle":"AcmeHelp",
                 "oauth":{"accessToken":"%s","refreshToken":"%s","expiresAt":"%s"}}""".formatted(platformId, access, refresh, expiresAt);
    }

    Row tokens(String id) {
        return db.preparedQuery("select access_token, refresh_token, access_token_expires_at from channel_account where id = $1")
                .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    @Test
    void anXAccountsOauthTokensAreSealedNeverReturnedAndKeptByAReplaceWithoutThem() {
        String platformId = "x-" + UUID.randomUUID();
        String access = "access-" + UUID.randomUUID();
        String refresh = "refresh-" + UUID.randomUUID();
        Response created = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(xOauth(platformId, access, refresh, "2026-12-07T16:00:00Z")).when().post(PATH);
        created.then().statusCode(201)
                .body("oauthTokenSet", equalTo(true))
                .body("accessTokenExpiresAt", equalTo("2026-12-07T16:00:00Z"))
                .body("credentialsStatus", equalTo("unknown"))
                .body("credentialsError", nullValue())
                .body("credentialsCheckedAt", nullValue())
                .body("$", not(hasKey("oauth")));
        assertThat(created.asString()).doesNotContain(access).doesNotContain(refresh);
        String id = created.path("id");
        Row stored = tokens(id);
        byte[] sealedAccess = stored.getBuffer("access_token").getBytes();
        byte[] sealedRefresh = stored.getBuffer("refresh_token").getBytes();
        assertThat(new String(sealedAccess, StandardCharsets.ISO_8859_1)).as("sealed, not in clear").doesNotContain(access);
        assertThat(new String(sealedRefresh, StandardCharsets.ISO_8859_1)).as("sealed, not in clear").doesNotContain(refresh);
        assertThat(given().auth().oauth2(TestTokens.admin()).when().get(PATH + "/" + id).then().statusCode(200).extract().asString())
                .doesNotContain(access).doesNotContain(refresh).contains("\"oauthTokenSet\":true");
        assertThat(given().auth().oauth2(TestTokens.admin()).queryParam("channel", "x").queryParam("limit", 200)
                .when().get(PATH).then().statusCode(200).extract().asString()).doesNotContain(access).doesNotContain(refresh);

        // A replace without oauth keeps the stored tokens (a client cannot send back what it never sees).
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"channel\":\"x\",\"platformAccountId\":\"" + platformId + "\",\"handle\":\"AcmeCare\"}")
                .when().put(PATH + "/" + id)
                .then().statusCode(200).body("handle", equalTo("AcmeCare")).body("oauthTokenSet", equalTo(true))
                .body("accessTokenExpiresAt", equalTo("2026-12-07T16:00:00Z"));
        assertThat(tokens(id).getBuffer("access_token").getBytes()).isEqualTo(sealedAccess);
        assertThat(tokens(id).getBuffer("refresh_token").getBytes()).isEqualTo(sealedRefresh);

        // A replace with oauth replaces both.
        String newRefresh = "refresh-" + UUID.randomUUID();
        String replaced = given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(xOauth(platformId, "access-" + UUID.randomUUID(), newRefresh, "2026-12-07T18:30:00Z"))
                .when().put(PATH + "/" + id)
                .then().statusCode(200).body("accessTokenExpiresAt", equalTo("2026-12-07T18:30:00Z")).extract().asString();
        assertThat(replaced).doesNotContain(newRefresh);
        assertThat(tokens(id).getBuffer("refresh_token").getBytes()).isNotEqualTo(sealedRefresh);

        // An account without oauth has none; credentialsRef still works for it.
        String plain = create(account("x", "x-" + UUID.randomUUID()));
        given().auth().oauth2(TestTokens.admin()).when().get(PATH + "/" + plain).then().statusCode(200)
                .body("oauthTokenSet", equalTo(false)).body("accessTokenExpiresAt", nullValue())
                .body("credentialsRef", equalTo("outpost-x-acme/access-token")).body("credentialsStatus", equalTo("unknown"));
    }

    @Test
    void badOauthIsAProblemThatNamesTheField() {
        String access = "access-" + UUID.randomUUID();
        String refresh = "refresh-" + UUID.randomUUID();
        Function<String, io.restassured.response.ValidatableResponse> post = body -> given().auth().oauth2(TestTokens.admin())
                .contentType(ContentType.JSON).body(body).when().post(PATH)
                .then().log().ifValidationFails().statusCode(400).contentType("application/problem+json");
        String forumWithOauth = post.apply("""
                {"channel":"forum","platformAccountId":"f-%s","oauth":{"accessToken":"%s","refreshToken":"%s","expiresAt":"2026-12-07T16:00:00Z"}}"""
                .formatted(UUID.randomUUID(), access, refresh))
                .body("detail", startsWith("oauth is for x accounts only")).extract().asString();
        assertThat(forumWithOauth).as("refused tokens are not echoed").doesNotContain(access).doesNotContain(refresh);
        post.apply(xOauth("x-" + UUID.randomUUID(), " ", refresh, "2026-12-07T16:00:00Z"))
                .body("errors.field", hasItem("oauth.accessToken"));
        String blankRefresh = post.apply(xOauth("x-" + UUID.randomUUID(), access, "", "2026-12-07T16:00:00Z"))
                .body("errors.field", hasItem("oauth.refreshToken")).extract().asString();
        assertThat(blankRefresh).doesNotContain(access);
        post.apply(xOauth("x-" + UUID.randomUUID(), access, "two words", "2026-12-07T16:00:00Z"))
                .body("errors.field", hasItem("oauth.refreshToken"));
        post.apply(xOauth("x-" + UUID.randomUUID(), "a".repeat(2049), refresh, "2026-12-07T16:00:00Z"))
                .body("errors.field", hasItem("oauth.accessToken"));
        post.apply("""
                {"channel":"x","platformAccountId":"x-%s","oauth":{"accessToken":"%s","refreshToken":"%s"}}"""
                .formatted(UUID.randomUUID(), access, refresh))
                .body("errors.field", hasItem("oauth.expiresAt"));
        post.apply("""
                {"channel":"x","platformAccountId":"x-%s","oauth":{"accessToken":"%s","expiresAt":"2026-12-07T16:00:00Z"}}"""
                .formatted(UUID.randomUUID(), access))
                .body("errors.field", hasItem("oauth.refreshToken"));
        post.apply(xOauth("x-" + UUID.randomUUID(), access, refresh, "tomorrow"))
                .body("errors.field", hasItem("oauth.expiresAt"));
        // A PUT is checked the same way.
        String id = create(account("x", "x-" + UUID.randomUUID()));
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(xOauth("x-" + UUID.randomUUID(), access, " ", "2026-12-07T16:00:00Z"))
                .when().put(PATH + "/" + id)
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("oauth.refreshToken"));
    }

    @Test
    void onlyAdminsSetOauthTokens() {
        String id = create(account("x", "u-" + UUID.randomUUID()));
        List<Function<RequestSpecification, Response>> calls = List.of(
                r -> r.contentType(ContentType.JSON).body(xOauth("u-" + UUID.randomUUID(), "a-" + UUID.randomUUID(),
                        "r-" + UUID.randomUUID(), "2026-12-07T16:00:00Z")).when().post(PATH),
                r -> r.contentType(ContentType.JSON).body(xOauth("u-" + UUID.randomUUID(), "a-" + UUID.randomUUID(),
                        "r-" + UUID.randomUUID(), "2026-12-07T16:00:00Z")).when().put(PATH + "/" + id));
        // Signed by a key pair that is not the realm's: refused on every call.
        String foreign = LocalTokens.foreignToken("mallory", "admin");
        for (var call : calls) {
            call.apply(given()).then().statusCode(401).contentType("application/problem+json");
            call.apply(given().auth().oauth2(foreign)).then().statusCode(401);
            for (String role : new String[] { "agent", "supervisor", "integration" }) {
                call.apply(given().auth().oauth2(TestTokens.forRole(role)))
                        .then().statusCode(403).contentType("application/problem+json");
            }
        }
        assertThat(given().auth().oauth2(TestTokens.admin()).when().get(PATH + "/" + id).then().statusCode(200)
                .extract().jsonPath().getBoolean("oauthTokenSet")).as("nothing was set by the refused calls").isFalse();
        for (var call : calls) {
            int status = call.apply(given().auth().oauth2(TestTokens.admin())).then().extract().statusCode();
            assertThat(status).as("admin").isBetween(200, 299);
        }
    }

    @Test
    void onlyAdminsManageAccounts() {
        String id = create(account("x", "u-" + UUID.randomUUID()));
        List<Function<RequestSpecification, Response>> calls = List.of(
                r -> r.when().get(PATH),
                r -> r.when().get(PATH + "/" + id),
                r -> r.contentType(ContentType.JSON).body(account("x", "u-" + UUID.randomUUID())).when().post(PATH),
                r -> r.contentType(ContentType.JSON).body(account("x", "u-" + UUID.randomUUID())).when().put(PATH + "/" + id),
                r -> r.when().delete(PATH + "/" + id));
        // Signed by a key pair that is not the realm's: refused on every call.
        String foreign = LocalTokens.foreignToken("mallory", "admin");
        for (var call : calls) {
            call.apply(given()).then().statusCode(401).contentType("application/problem+json");
            call.apply(given().auth().oauth2(foreign)).then().statusCode(401);
            for (String role : new String[] { "agent", "supervisor", "integration" }) {
                call.apply(given().auth().oauth2(TestTokens.forRole(role)))
                        .then().statusCode(403).contentType("application/problem+json");
            }
        }
        for (var call : calls) {
            int status = call.apply(given().auth().oauth2(TestTokens.admin())).then().extract().statusCode();
            assertThat(status).as("admin").isBetween(200, 299);
        }
    }
}
