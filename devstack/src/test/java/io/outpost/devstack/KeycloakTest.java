package io.outpost.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The realm a real Keycloak serves from the repository's export: the four roles reach the services in
 * the place quarkus-oidc reads them ({@code realm_access.roles}), every token names the services'
 * audience, and each client allows only its own grant (the console: authorization code with PKCE S256).
 * One Keycloak for the class: it takes 15-40 s to start.
 */
class KeycloakTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONSOLE = "http://localhost:18080";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static Keycloak keycloak;

    @BeforeAll
    static void start() {
        keycloak = Keycloak.start(dir, 0, Keycloak.freshSecrets(CONSOLE));
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void eachDemoUserGetsATokenWithTheirRoleForTheServicesAudience() {
        for (Map.Entry<String, String> user : Keycloak.DEMO_USERS.entrySet()) {
            JsonNode claims = claims(keycloak.userToken(user.getKey()));
            assertThat(claims.path("iss").asText()).isEqualTo(keycloak.issuer());
            assertThat(claims.path("aud").toString()).contains("\"outpost\"");
            assertThat(claims.path("preferred_username").asText()).isEqualTo(user.getValue());
            assertThat(claims.path("realm_access").path("roles")).extracting(JsonNode::asText)
                    .containsExactly(user.getKey());
        }
        JsonNode integration = claims(keycloak.integrationToken());
        assertThat(integration.path("realm_access").path("roles")).extracting(JsonNode::asText).containsExactly("integration");
        assertThat(integration.path("aud").toString()).contains("\"outpost\"");
    }

    @Test
    void aWrongPasswordOrAnotherClientsGrantIsRefused() throws Exception {
        HttpResponse<String> wrongPassword = tokenRequest(Map.of("grant_type", "password", "client_id", Keycloak.CLI_CLIENT,
                "username", "local-agent", "password", "not-the-password"));
        // RFC 6749 5.2: invalid_grant, 400 (older Keycloaks answered 401).
        assertThat(wrongPassword.statusCode()).as(wrongPassword.body()).isIn(400, 401);
        assertThat(wrongPassword.body()).contains("invalid_grant").doesNotContain("access_token");
        // The console signs people in through the login page only: no password grant.
        HttpResponse<String> consolePassword = tokenRequest(Map.of("grant_type", "password", "client_id", Keycloak.CONSOLE_CLIENT,
                "username", "local-agent", "password", keycloak.password("agent")));
        assertThat(consolePassword.statusCode()).as(consolePassword.body()).isIn(400, 401);
        assertThat(consolePassword.body()).containsAnyOf("unauthorized_client", "invalid_client");
        HttpResponse<String> wrongSecret = tokenRequest(Map.of("grant_type", "client_credentials",
                "client_id", Keycloak.INTEGRATION_CLIENT, "client_secret", "wrong"));
        assertThat(wrongSecret.statusCode()).as(wrongSecret.body()).isIn(400, 401);
        assertThat(wrongSecret.body()).contains("unauthorized_client").doesNotContain("access_token");
    }

    @Test
    void theConsoleMustUsePkceAndItsOwnAddress() throws Exception {
        String auth = keycloak.issuer() + "/protocol/openid-connect/auth?client_id=" + Keycloak.CONSOLE_CLIENT
                + "&response_type=code&scope=openid&state=s1&redirect_uri=" + enc(CONSOLE + "/callback");
        // Without a code challenge Keycloak sends the browser back with an error instead of a login page.
        HttpResponse<String> withoutPkce = get(auth);
        assertThat(withoutPkce.statusCode()).isEqualTo(302);
        assertThat(withoutPkce.headers().firstValue("Location").orElse("")).startsWith(CONSOLE + "/callback")
                .contains("error=invalid_request");
        HttpResponse<String> withPkce = get(auth + "&code_challenge_method=S256&code_challenge="
                + "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assertThat(withPkce.statusCode()).isEqualTo(200);
        assertThat(withPkce.body()).contains("kc-form-login").contains("Outpost");
        // Another address than the console's is no redirect target.
        HttpResponse<String> elsewhere = get(auth.replace(enc(CONSOLE + "/callback"), enc("http://evil.example/callback"))
                + "&code_challenge_method=S256&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assertThat(elsewhere.statusCode()).isEqualTo(400);
    }

    @Test
    void aRealmPlaceholderWithoutValueIsRefusedBeforeKeycloakSeesIt() {
        assertThatThrownBy(() -> Keycloak.realm(Map.of("OUTPOST_CONSOLE_URL", CONSOLE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("${");
    }

    static HttpResponse<String> tokenRequest(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .reduce((a, b) -> a + "&" + b).orElse("");
        return HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (Exception e) {
            throw new AssertionError("not a JWT: " + jwt, e);
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
