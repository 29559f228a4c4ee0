package io.outpost.console.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.outpost.devstack.HeadlessBrowser;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console as a person uses it: a real Keycloak login page, a real headless Chromium, real Kafka
 * events, and WireMock stand-ins for the services (the whole suite's walk is in system-tests). One
 * browser through the class, in order: the agent's session carries from one test to the next.
 */
@QuarkusTest
@QuarkusTestResource(value = ConsoleTestbed.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Where the pages' screenshots go: the build's output by default (a test run leaves the tree as it was);
     * {@code -Doutpost.console.screenshots=docs} refreshes the README's pictures.
     */
    static final Path DOCS = Path.of(System.getProperty("outpost.console.screenshots", "target/screenshots"));
    static final String MINE = "0b7c1a10-0000-4000-8000-000000000001";
    static final String UNASSIGNED = "0b7c1a10-0000-4000-8000-000000000002";
    static final String AGENT_ID = "a9e1c2d3-0000-4000-8000-00000000000a";
    static final String OFFER_ID = "0ffe0000-0000-4000-8000-000000000001";

    ConsoleTestbed testbed;
    static HeadlessBrowser browser;

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    WebDriver driver() {
        if (browser == null) {
            browser = HeadlessBrowser.start();
            browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
        return browser.driver();
    }

    WireMockServer services() {
        return testbed.services();
    }

    @Test
    @Order(0)
    void withoutASessionThePageSendsTheBrowserToKeycloakWithPkce() {
        Response response = RestAssured.given().redirects().follow(false).get(testbed.consoleUrl() + "/");
        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.header("Location");
        assertThat(location).startsWith(testbed.issuer() + "/protocol/openid-connect/auth")
                .contains("client_id=outpost-console").contains("code_challenge_method=S256").contains("code_challenge=");
    }

    @Test
    @Order(1)
    void theAgentSignsInThroughKeycloakAndTheInboxShowsTheApisCasesWithTheirOwnToken() throws Exception {
        stubInbox();
        signIn("agent");
        WebDriver d = driver();
        wait(d, 30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=inbox-lists]")));
        assertThat(d.findElement(By.id("signed-in-user")).getText()).isEqualTo("Jo Kim");
        assertThat(d.findElement(By.cssSelector("[data-testid=mine-table]")).getText()).contains("Dana (@dana_k)");
        assertThat(d.findElement(By.cssSelector("[data-testid=unassigned-table]")).getText()).contains("@lee");
        assertThat(d.findElements(By.cssSelector("[data-testid=claim]"))).hasSize(1);
        assertThat(d.findElement(By.cssSelector("[data-testid=unassigned-table] .sla")).getAttribute("class")).contains("sla-breached");
        assertThat(d.findElement(By.cssSelector("[data-testid=missed-table]")).getText()).contains("still waiting");
        assertThat(d.findElement(By.cssSelector("[data-testid=capacity]")).getText()).contains("x").contains("1").contains("3");

        List<LoggedRequest> calls = services().findAll(getRequestedFor(urlPathEqualTo("/api/v1/cases")));
        assertThat(calls).isNotEmpty();
        String authorization = calls.get(0).getHeader("Authorization");
        assertThat(authorization).startsWith("Bearer ");
        JsonNode claims = claims(authorization.substring("Bearer ".length()));
        assertThat(claims.path("preferred_username").asText()).isEqualTo("local-agent");
        assertThat(claims.path("iss").asText()).isEqualTo(testbed.issuer());
        assertThat(claims.path("aud").toString()).contains("outpost");

        screenshot("inbox.png");
        assertNoSeriousAccessibilityViolations("inbox");
    }

    @Test
    @Order(2)
    void anOfferFromKafkaAppearsOnTheOpenPageWithoutAReload() throws Exception {
        WebDriver d = driver();
        ((JavascriptExecutor) d).executeScript("window.__sameDocument = 'yes';");
        assertThat(d.findElements(By.cssSelector("[data-testid=offer]"))).isEmpty();
        Instant expires = Instant.now().plusSeconds(90);
        services().stubFor(get(urlPathEqualTo("/api/v1/offers")).willReturn(okJson("[{\"offerId\":\"" + OFFER_ID
                + "\",\"caseId\":\"" + UNASSIGNED + "\",\"agentId\":\"" + AGENT_ID + "\",\"channel\":\"x\",\"state\":\"offered\","
                + "\"offeredAt\":\"" + Instant.now() + "\",\"expiresAt\":\"" + expires + "\"}]")));
        String offer = "{\"offerId\":\"" + OFFER_ID + "\",\"caseId\":\"" + UNASSIGNED + "\",\"agentId\":\"" + AGENT_ID
                + "\",\"agentUsername\":\"local-agent\",\"channel\":\"x\",\"priority\":2,\"queue\":\"x-en\",\"requiredSkills\":[],"
                + "\"language\":\"en\",\"offeredAt\":\"" + Instant.now() + "\",\"expiresAt\":\"" + expires + "\",\"autoAccept\":false}";
        // The console's consumer starts from the latest offset once it has its partitions: publish
        // again until the page shows it (each event only makes the page fetch the offers again).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (d.findElements(By.cssSelector("[data-testid=offer]")).isEmpty() && System.nanoTime() < deadline) {
            publish("outpost.assignments", UNASSIGNED, "io.outpost.offer.made.v1", offer);
            try {
                wait(d, 3).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=offer]")));
            } catch (org.openqa.selenium.TimeoutException notYet) {
                // publish again
            }
        }
        WebElement card = d.findElement(By.cssSelector("[data-testid=offer]"));
        assertThat(card.getText()).contains("@lee").contains("Answer within");
        assertThat(((JavascriptExecutor) d).executeScript("return window.__sameDocument;")).isEqualTo("yes");
        screenshot("offer.png");
    }

    @Test
    @Order(3)
    void theCasePageShowsTheConversationAndANewPostArrivesLive() throws Exception {
        stubCase(false);
        WebDriver d = driver();
        d.get(testbed.consoleUrl() + "/cases/" + MINE);
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=timeline]")));
        List<WebElement> entries = d.findElements(By.cssSelector("[data-testid=timeline-entry]"));
        assertThat(entries).hasSize(3);
        assertThat(entries.get(1).getText()).contains("delivered").contains("public");
        assertThat(d.findElement(By.cssSelector("[data-testid=reply-signature]")).getText()).contains("^JK");
        assertThat(d.findElement(By.cssSelector("[data-testid=crm-customer]")).getText()).contains("CUST-42");
        screenshot("case.png");
        assertNoSeriousAccessibilityViolations("case");

        ((JavascriptExecutor) d).executeScript("window.__sameDocument = 'yes';");
        stubCase(true);
        String updated = "{\"caseId\":\"" + MINE + "\",\"channel\":\"x\",\"status\":\"open\",\"priority\":2,\"requiredSkills\":[],"
                + "\"changes\":[\"post\"],\"updatedAt\":\"" + Instant.now() + "\"}";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (d.findElements(By.cssSelector("[data-testid=timeline-entry]")).size() < 4 && System.nanoTime() < deadline) {
            publish("outpost.cases", MINE, "io.outpost.case.updated.v1", updated);
            sleep(2000);
        }
        assertThat(d.findElements(By.cssSelector("[data-testid=timeline-entry]"))).hasSize(4);
        assertThat(d.findElement(By.cssSelector("[data-testid=timeline]")).getText()).contains("Sent you a DM");
        assertThat(((JavascriptExecutor) d).executeScript("return window.__sameDocument;")).isEqualTo("yes");
    }

    @Test
    @Order(4)
    void aCaseServiceAnswering503ShowsAClearMessageAndTheRestOfThePageWorks() {
        services().stubFor(get(urlPathEqualTo("/api/v1/cases")).willReturn(aResponse().withStatus(503)));
        services().stubFor(get(urlPathEqualTo("/api/v1/missed")).willReturn(aResponse().withStatus(503)));
        WebDriver d = driver();
        d.get(testbed.consoleUrl() + "/");
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=cases-error]")));
        assertThat(d.findElement(By.cssSelector("[data-testid=cases-error]")).getText())
                .contains("case-service had a problem (HTTP 503)");
        assertThat(d.findElement(By.cssSelector("[data-testid=presence-state]")).getText()).isEqualTo("available");
        assertThat(d.getPageSource()).doesNotContain("Exception");
        stubInbox();
    }

    @Test
    @Order(5)
    void aCaseTheApiDoesNotShowAndAClaimSomeoneWonFirstAreClearMessages() {
        WebDriver d = driver();
        String other = "0b7c1a10-0000-4000-8000-00000000dead";
        services().stubFor(get(urlPathEqualTo("/api/v1/cases/" + other)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":404,\"detail\":\"no case\"}")));
        d.get(testbed.consoleUrl() + "/cases/" + other);
        assertThat(wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=page-error]")))
                .getText()).contains("does not exist or is not yours");
        d.get(testbed.consoleUrl() + "/cases/not-a-case-id");
        assertThat(wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=page-error]")))
                .getText()).contains("There is no case not-a-case-id");

        services().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/api/v1/cases/" + UNASSIGNED + "/claim"))
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":409,\"title\":\"Conflict\",\"detail\":\"Sam Rivera took it first\"}")));
        d.get(testbed.consoleUrl() + "/");
        wait(d, 20).until(ExpectedConditions.elementToBeClickable(By.id("claim-" + UNASSIGNED))).click();
        assertThat(wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#claim-result [data-testid=message-error]")))
                .getText()).isEqualTo("Sam Rivera took it first");
    }

    @Test
    @Order(6)
    void aFormPostWithoutTheCsrfTokenIsRefused() {
        WebDriver d = driver();
        d.get(testbed.consoleUrl() + "/");
        Object status = ((JavascriptExecutor) d).executeAsyncScript(
                "var done = arguments[0]; fetch('/presence', {method: 'POST', headers: {'Content-Type': "
                        + "'application/x-www-form-urlencoded'}, body: 'presence=away'}).then(r => done(r.status));");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        services().verify(0, com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(urlPathMatching("/api/v1/agents/.*")));
        // The page's own form (the token in the header) gets through to routing.
        services().stubFor(com.github.tomakehurst.wiremock.client.WireMock.put(urlPathEqualTo("/api/v1/agents/" + AGENT_ID + "/presence"))
                .willReturn(okJson(agent("away", "lunch"))));
        new org.openqa.selenium.support.ui.Select(d.findElement(By.id("presence-select"))).selectByValue("away");
        d.findElement(By.id("presence-reason")).sendKeys("lunch");
        d.findElement(By.id("presence-save")).click();
        wait(d, 10).until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=presence-state]"), "away"));
        services().verify(1, com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                urlPathEqualTo("/api/v1/agents/" + AGENT_ID + "/presence")));
    }

    @Test
    @Order(7)
    void logoutEndsTheKeycloakSession() {
        WebDriver d = driver();
        d.get(testbed.consoleUrl() + "/");
        wait(d, 20).until(ExpectedConditions.elementToBeClickable(By.id("logout"))).click();
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=signed-out]")));
        d.get(testbed.consoleUrl() + "/");
        // Keycloak asks for the password again: its session ended too (no silent single sign-on).
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(d.getCurrentUrl()).startsWith(testbed.issuer());
    }

    @Test
    @Order(8)
    void anAdminAtTheInboxLandsOnTheAdminPagesAndSeesTheIdentities() throws Exception {
        AdminStubs.identities(services());
        signIn("admin");
        WebDriver d = driver();
        wait(d, 30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=identities-table]")));
        assertThat(d.getCurrentUrl()).isEqualTo(testbed.consoleUrl() + "/admin");
        assertThat(d.findElement(By.cssSelector("[data-testid=nav-admin]")).getAttribute("aria-current")).isEqualTo("page");
        assertThat(d.findElements(By.cssSelector("[data-testid=identity-row]"))).hasSize(2);
        assertThat(d.findElement(By.cssSelector("[data-testid=identities-table]")).getText()).contains("@dana_k").contains("Dana");
        assertThat(claims(services().findAll(getRequestedFor(urlPathEqualTo("/api/v1/identities"))).get(0)
                .getHeader("Authorization").substring("Bearer ".length())).path("preferred_username").asText())
                .isEqualTo("local-admin");
        // A filter the API would refuse is a message on the page, and nothing is asked.
        int asked = services().findAll(getRequestedFor(urlPathEqualTo("/api/v1/identities"))).size();
        d.get(testbed.consoleUrl() + "/admin?channel=fax");
        assertThat(wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=identities-error]")))
                .getText()).contains("Channel must be one of");
        assertThat(services().findAll(getRequestedFor(urlPathEqualTo("/api/v1/identities")))).hasSize(asked);
        d.get(testbed.consoleUrl() + "/admin");
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=identities-table]")));
        // axe-core runs on the identity and audit pages below (the same layout, forms and tables).
        screenshot("admin-identities.png");
    }

    @Test
    @Order(9)
    void theAdminLinksWithTheirOwnTokenSeesTheApisRefusalRemovesWithAReasonAndSeesCandidates() throws Exception {
        AdminStubs.identity(services());
        WebDriver d = driver();
        d.get(testbed.consoleUrl() + "/admin/identities/" + AdminStubs.IDENTITY);
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=links-table]")));
        assertThat(d.findElement(By.cssSelector("[data-testid=consents]")).getText()).contains("identity-link: granted");

        // Bad input: a message, no call.
        d.findElement(By.id("link-customer")).sendKeys("CUST 7");
        d.findElement(By.cssSelector("[data-testid=link-create]")).click();
        assertThat(wait(d, 10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#link-result [data-testid=message-error]")))
                .getText()).contains("1-100 letters");
        services().verify(0, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/api/v1/links")));

        // The API refuses (no consent): its problem detail on the page.
        d.findElement(By.id("link-customer")).clear();
        d.findElement(By.id("link-customer")).sendKeys(AdminStubs.REFUSED_CUSTOMER);
        d.findElement(By.cssSelector("[data-testid=link-create]")).click();
        wait(d, 10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("link-result"), "no granted identity-link consent"));

        d.findElement(By.id("link-customer")).clear();
        d.findElement(By.id("link-customer")).sendKeys("CUST-77");
        d.findElement(By.id("link-note")).sendKeys("customer confirmed by phone");
        d.findElement(By.cssSelector("[data-testid=link-create]")).click();
        wait(d, 10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("link-result"), "Link to CUST-77 confirmed"));
        List<LoggedRequest> created = services().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/api/v1/links")).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("CUST-77")));
        assertThat(created).hasSize(1);
        assertThat(claims(created.get(0).getHeader("Authorization").substring("Bearer ".length())).path("preferred_username")
                .asText()).isEqualTo("local-admin");
        JsonNode body = JSON.readTree(created.get(0).getBodyAsString());
        assertThat(body.path("identityId").asText()).isEqualTo(AdminStubs.IDENTITY);
        assertThat(body.path("status").asText()).isEqualTo("confirmed");
        assertThat(body.path("note").asText()).isEqualTo("customer confirmed by phone");

        // Removing needs a reason; with one it goes to crm-link, and the links are read again.
        // The links box is read again after the link was made: htmx may swap it in between a find and a click.
        onSettled(d, By.cssSelector("[data-testid=link-remove]"), WebElement::click);
        wait(d, 10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("link-result"), "the reason is required"));
        AdminStubs.linksAfterRemoval(services());
        onSettled(d, By.cssSelector("[data-testid=link-remove-reason]"), e -> e.sendKeys("wrong person"));
        onSettled(d, By.cssSelector("[data-testid=link-remove]"), WebElement::click);
        wait(d, 10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("link-result"), "removed"));
        wait(d, 10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("links-box"), "removed (admin)"));
        services().verify(1, com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor(
                urlPathEqualTo("/api/v1/links/" + AdminStubs.LINK)).withQueryParam("reason",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo("wrong person")));

        d.findElement(By.id("candidates-reason")).sendKeys("checking a DM");
        d.findElement(By.cssSelector("[data-testid=candidates-show]")).click();
        assertThat(wait(d, 10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=candidates-table]")))
                .getText()).contains("CUST-42").contains("CONFIRMABLE_WITH_CONSENT");
        ((JavascriptExecutor) d).executeScript("window.scrollTo(0, 0);");
        screenshot("admin-identity.png");
        assertNoSeriousAccessibilityViolations("admin identity");
    }

    @Test
    @Order(10)
    void theAuditLogItsVerificationAndAnErasureWithAConfirmationStep() throws Exception {
        AdminStubs.auditAndErasure(services());
        WebDriver d = driver();
        d.get(testbed.consoleUrl() + "/admin/audit");
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=audit-table]")));
        assertThat(d.findElements(By.cssSelector("[data-testid=audit-row]"))).hasSize(2);
        d.findElement(By.cssSelector("[data-testid=audit-verify]")).click();
        assertThat(wait(d, 10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=verification-ok]")))
                .getText()).contains("2 entries checked").contains("2:ab12");
        screenshot("admin-audit.png");
        assertNoSeriousAccessibilityViolations("admin audit");

        d.get(testbed.consoleUrl() + "/admin/erasures?subject=" + AdminStubs.IDENTITY);
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.id("erase-reason"))).sendKeys("the person asked (ticket 981)");
        d.findElement(By.cssSelector("[data-testid=erasure-request]")).click();
        wait(d, 10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=erasure-confirm]")));
        // The first step sends nothing.
        services().verify(0, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathMatching("/api/v1/subjects/.*/erasure")));
        d.findElement(By.cssSelector("[data-testid=erasure-confirm-yes]")).click();
        assertThat(wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=erasure-state]")))
                .getText()).isEqualTo("pending");
        assertThat(d.findElement(By.cssSelector("[data-testid=erasure-services]")).getText()).contains("case-service");
        services().verify(1, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/api/v1/subjects/" + AdminStubs.IDENTITY + "/erasure"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("ticket 981")));
        screenshot("admin-erasure.png");
    }

    @Test
    @Order(11)
    void withoutASessionTheAdminPagesSendTheBrowserToKeycloak() {
        Response response = RestAssured.given().redirects().follow(false).get(testbed.consoleUrl() + "/admin/audit");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.header("Location")).startsWith(testbed.issuer() + "/protocol/openid-connect/auth");
    }

    @Test
    @Order(12)
    void anAgentGetsTheForbiddenPageOnAdminPagesAndAsksTheCustomerForConsent() throws Exception {
        WebDriver d = driver();
        d.get(testbed.consoleUrl() + "/logout");
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=signed-out]")));
        stubInbox();
        signIn("agent");
        d.get(testbed.consoleUrl() + "/admin");
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=forbidden]")));
        d.get(testbed.consoleUrl() + "/admin/identities/" + AdminStubs.IDENTITY);
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=forbidden]")));
        assertThat(d.getPageSource()).doesNotContain("CUST-42");

        String caseId = "0b7c1a10-0000-4000-8000-000000000003";
        AdminStubs.consentCase(services(), caseId, 503);
        d.get(testbed.consoleUrl() + "/cases/" + caseId);
        assertThat(d.findElements(By.cssSelector("[data-testid=nav-admin]"))).isEmpty();
        clickWhenSwapped(d, By.id("consent-ask"));
        assertThat(wait(d, 10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=consent-refused]")))
                .getText()).contains("not configured");

        AdminStubs.consentCase(services(), caseId, 201);
        clickWhenSwapped(d, By.id("consent-ask"));
        wait(d, 10).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=consent-state]"), "data-state", "requested"));
        assertThat(d.findElement(By.cssSelector("[data-testid=consent-state]")).getText()).startsWith("Requested");
        assertThat(d.findElements(By.id("consent-ask"))).isEmpty();
        List<LoggedRequest> asked = services().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/api/v1/consent-requests")));
        assertThat(asked).hasSize(2);
        JsonNode body = JSON.readTree(asked.get(1).getBodyAsString());
        assertThat(body.path("identityId").asText()).isEqualTo(AdminStubs.IDENTITY);
        assertThat(body.path("purposes").toString()).isEqualTo("[\"identity-link\"]");
        assertThat(claims(asked.get(1).getHeader("Authorization").substring("Bearer ".length())).path("preferred_username")
                .asText()).isEqualTo("local-agent");
        services().verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo("/api/v1/identities/lookup"))
                .withQueryParam("channel", com.github.tomakehurst.wiremock.client.WireMock.equalTo("x"))
                .withQueryParam("platformUserId", com.github.tomakehurst.wiremock.client.WireMock.equalTo("u-sam")));
        screenshot("case-consent.png");
        assertNoSeriousAccessibilityViolations("case with the consent panel");

        // Once the person has answered, the panel says so (a reload reads crm-link again).
        AdminStubs.lookup(services(), "denied", null);
        d.navigate().refresh();
        wait(d, 20).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=consent-state]"), "data-state", "declined"));
        AdminStubs.lookup(services(), "granted", null);
        d.navigate().refresh();
        wait(d, 20).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=consent-state]"), "data-state", "granted"));
        assertThat(d.findElements(By.id("consent-ask"))).isEmpty();
    }

    /** Clicks an element htmx may still be swapping in (a fragment loaded on load, or one just answered). */
    static void clickWhenSwapped(WebDriver d, By by) {
        wait(d, 20).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(x -> {
            WebElement e = x.findElement(by);
            if (!e.isDisplayed() || !e.isEnabled()) {
                return false;
            }
            e.click();
            return true;
        });
    }

    /**
     * Collision control across instances: another console instance is simulated by producing its presence events
     * to Kafka as it would. Sam appears on the open page without a reload, replying shows, "left" and a stopped
     * heartbeat (expiry) remove people; this page's own join, heartbeat and typing are on the topic for the other
     * instances; and the reply box empties after a send.
     */
    @Test
    @Order(15)
    void whoElseIsOnTheCaseShowsLiveFromOtherInstancesAndThisPagesOwnPresenceIsPublished() throws Exception {
        WebDriver d = driver();
        d.get(testbed.consoleUrl() + "/logout");
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=signed-out]")));
        stubInbox();
        signIn("agent");
        stubCase(false);
        services().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/api/v1/cases/" + MINE + "/replies"))
                .willReturn(okJson("{\"id\":\"" + UUID.randomUUID() + "\",\"author\":\"local-agent\",\"text\":\"On its way ^JK\","
                        + "\"visibility\":\"public\",\"status\":\"requested\"}")));
        try (PresenceTopic topic = new PresenceTopic(testbed.kafka())) {
            d.get(testbed.consoleUrl() + "/cases/" + MINE);
            wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=viewers-none]")));
            ((JavascriptExecutor) d).executeScript("window.__sameDocument = 'yes';");

            // This page's own presence: its join, then a heartbeat from the same instance.
            List<JsonNode> mine = topic.await(e -> "local-agent".equals(e.path("username").asText()) && MINE.equals(e.path("caseId").asText()), 2, Duration.ofSeconds(20));
            assertThat(mine).allSatisfy(e -> {
                assertThat(e.path("caseId").asText()).isEqualTo(MINE);
                assertThat(e.path("state").asText()).isEqualTo("viewing");
                assertThat(e.path("displayName").asText()).isEqualTo("Jo Kim");
            });
            assertThat(mine.get(1).path("instanceId").asText()).isEqualTo(mine.get(0).path("instanceId").asText());

            // Another instance's viewer, then replying.
            awaitViewers(d, "sam", "viewing", "console-b", v -> v.contains("Sam Rivera is viewing"));
            assertThat(d.findElements(By.cssSelector("[data-testid=viewer]"))).hasSize(1);
            assertThat(d.findElement(By.cssSelector("[data-testid=viewers]")).getText()).doesNotContain("Jo Kim");
            awaitViewers(d, "sam", "replying", "console-b", v -> v.contains("Sam Rivera is replying"));
            screenshot("viewers.png");
            assertNoSeriousAccessibilityViolations("case with viewers");

            // Typing here is published as replying; sending says viewing again and empties the box.
            d.findElement(By.id("reply-text")).sendKeys("On its way");
            topic.await(e -> "local-agent".equals(e.path("username").asText()) && MINE.equals(e.path("caseId").asText()) && "replying".equals(e.path("state").asText()), 1,
                    Duration.ofSeconds(15));
            Instant sent = Instant.now();
            d.findElement(By.id("reply-send")).click();
            wait(d, 15).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#reply-result [data-testid=message-ok]")));
            wait(d, 10).until(ExpectedConditions.attributeToBe(By.id("reply-text"), "value", ""));
            wait(d, 10).until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=reply-count]"), "Type a reply."));
            // Viewing again at once, not after the 10 s of idle typing (a heartbeat before then would still say replying).
            topic.await(e -> "local-agent".equals(e.path("username").asText()) && MINE.equals(e.path("caseId").asText()) && "viewing".equals(e.path("state").asText())
                    && Instant.parse(e.path("at").asText()).isAfter(sent.minusSeconds(1)), 1, Duration.ofSeconds(6));

            // Sam leaves; Alex's instance says Alex is there once and then dies: Alex goes after the missed heartbeats.
            awaitViewers(d, "sam", "left", "console-b", v -> v.contains("No one else"));
            awaitViewers(d, "alex", "viewing", "console-c", v -> v.contains("Alex Park is viewing"));
            long seen = System.nanoTime();
            wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=viewers-none]")));
            assertThat(Duration.ofNanos(System.nanoTime() - seen)).as("expired after three missed heartbeats, not before")
                    .isGreaterThan(ConsoleTestbed.HEARTBEAT.multipliedBy(3).minusSeconds(1));
            assertThat(((JavascriptExecutor) d).executeScript("return window.__sameDocument;")).isEqualTo("yes");
        }
    }

    /**
     * An SLA about to breach: a row due in ten minutes and a few seconds is "due soon"; when it becomes "due very
     * soon" the open inbox fetches its lists again by itself (no event exists for that moment, no reload).
     */
    @Test
    @Order(16)
    void anSlaMovingToDueVerySoonChangesOnTheOpenInboxWithoutAReload() {
        Instant due = Instant.now().plusSeconds(10 * 60 + 6);
        stubInbox();
        services().stubFor(get(urlPathEqualTo("/api/v1/cases")).willReturn(okJson("{\"items\":[" + summary(MINE, "open", "Dana",
                "dana_k", 2, "{\"id\":\"" + AGENT_ID + "\",\"name\":\"Jo Kim\",\"username\":\"local-agent\"}", due)
                + "],\"nextCursor\":null}")));
        WebDriver d = driver();
        d.get(testbed.consoleUrl() + "/");
        By sla = By.cssSelector("[data-testid=mine-table] [data-testid=sla]");
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(sla));
        assertThat(d.findElement(sla).getAttribute("class")).contains("sla-soon");
        ((JavascriptExecutor) d).executeScript("window.__sameDocument = 'yes';");

        // The row is swapped in again when its level moves on: read it whole, again if the swap replaced it meanwhile.
        String text = wait(d, 20).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(x -> {
            WebElement row = x.findElement(sla);
            return row.getAttribute("class").contains("sla-urgent") ? row.getText() : null;
        });
        assertThat(text).contains("due very soon");
        assertThat(((JavascriptExecutor) d).executeScript("return window.__sameDocument;")).isEqualTo("yes");
        stubInbox();
    }

    /** Publishes another instance's presence event (again, until the page shows it: the console reads from the latest offset). */
    void awaitViewers(WebDriver d, String user, String state, String instance, java.util.function.Predicate<String> shown) {
        String name = "sam".equals(user) ? "Sam Rivera" : "Alex Park";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        do {
            publish("outpost.console-presence", MINE, "io.outpost.console.case-presence.v1", "{\"caseId\":\"" + MINE
                    + "\",\"username\":\"" + user + "\",\"displayName\":\"" + name + "\",\"state\":\"" + state
                    + "\",\"instanceId\":\"" + instance + "\",\"at\":\"" + Instant.now() + "\"}");
            try {
                wait(d, 3).until(x -> shown.test(x.findElement(By.id("viewers-box")).getText()));
                return;
            } catch (org.openqa.selenium.TimeoutException notYet) {
                // publish again
            }
        } while (System.nanoTime() < deadline);
        assertThat(d.findElement(By.id("viewers-box")).getText()).as("viewers after " + user + " " + state).matches(shown);
    }

    /** Reads outpost.console-presence from its end as another console instance would. */
    static final class PresenceTopic implements AutoCloseable {
        final org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer;

        PresenceTopic(String bootstrap) {
            consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                    "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName(),
                    "value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName()));
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor("outpost.console-presence").stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        /** The first {@code count} presence events matching, in order; fails after {@code within}. */
        List<JsonNode> await(java.util.function.Predicate<JsonNode> matching, int count, Duration within) throws Exception {
            List<JsonNode> found = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + within.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    var type = record.headers().lastHeader("ce_type");
                    assertThat(type).as("ce_type of " + record.value()).isNotNull();
                    assertThat(new String(type.value(), StandardCharsets.UTF_8)).isEqualTo("io.outpost.console.case-presence.v1");
                    JsonNode e = JSON.readTree(record.value());
                    if (matching.test(e) && found.size() < count) {
                        found.add(e);
                    }
                }
            }
            assertThat(found).as("presence events on the topic").hasSize(count);
            return found;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    // Supervisor pages (team view, all cases, canned responses). Orders from 20 so other pages' tests can come
    // between; each starts from a fresh session of its own role.

    static final String SUPERVISOR_ID = "5e9e0000-0000-4000-8000-00000000005a";
    static final String AGENT2_ID = "a9e1c2d3-0000-4000-8000-00000000000b";
    static final List<String> SUPERVISOR_PAGES = List.of("/team", "/all-cases", "/canned-responses");

    @Test
    @Order(20)
    void withoutASessionTheSupervisorPagesSendTheBrowserToKeycloak() {
        for (String path : SUPERVISOR_PAGES) {
            Response response = RestAssured.given().redirects().follow(false).get(testbed.consoleUrl() + path);
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(response.header("Location")).as(path).startsWith(testbed.issuer() + "/protocol/openid-connect/auth");
        }
    }

    @Test
    @Order(21)
    void anAgentGetsTheForbiddenPageOnEachSupervisorPageAndNoNavigationToThem() {
        stubInbox();
        freshSession();
        signIn("agent");
        WebDriver d = driver();
        wait(d, 30).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=inbox-lists]")));
        assertThat(d.findElements(By.cssSelector("[data-testid=nav-team]"))).isEmpty();
        assertThat(d.findElements(By.cssSelector("[data-testid=nav-all-cases]"))).isEmpty();
        assertThat(d.findElements(By.cssSelector("[data-testid=nav-canned]"))).isEmpty();
        for (String path : SUPERVISOR_PAGES) {
            d.get(testbed.consoleUrl() + path);
            wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=forbidden]")));
        }
        services().verify(0, getRequestedFor(urlPathEqualTo("/api/v1/queues")));
    }

    @Test
    @Order(22)
    void aSupervisorSeesTheTeamAndItUpdatesLive() throws Exception {
        stubInbox();
        stubTeam("available");
        freshSession();
        signIn("supervisor");
        WebDriver d = driver();
        wait(d, 30).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=nav-team]"))).click();
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=team-board]")));
        List<WebElement> agents = d.findElements(By.cssSelector("[data-testid=agent-row]"));
        // Available before away, within the team.
        assertThat(agents).extracting(e -> e.getAttribute("data-username")).containsExactly("local-agent", "local-agent-2");
        assertThat(agents.get(0).findElement(By.cssSelector("[data-testid=agent-capacity-x]")).getText()).isEqualTo("x: 1 of 3 (2 free)");
        assertThat(agents.get(0).findElement(By.cssSelector("[data-testid=agent-open-cases]")).getText()).isEqualTo("4");
        assertThat(agents.get(1).getText()).contains("away").contains("(training)");
        assertThat(agents.get(1).findElement(By.cssSelector("[data-testid=agent-capacity-x]")).getText()).isEqualTo("x: 2 of 2 (full)");
        assertThat(d.findElement(By.cssSelector("[data-queue=x-en]")).getText()).contains("3").contains("21 min");
        assertThat(d.findElement(By.cssSelector("[data-testid=service-level-total]")).getText()).contains("92.5 %").contains("3 min");
        assertThat(services().findAll(getRequestedFor(urlPathEqualTo("/api/v1/queues"))).get(0).getHeader("Authorization"))
                .satisfies(h -> assertThat(claims(h.substring(7)).path("preferred_username").asText()).isEqualTo("local-supervisor"));
        screenshot("team.png");
        assertNoSeriousAccessibilityViolations("team");

        // An assignment event makes the page fetch the team again (routing now says Jo is busy). Within 20 s: the
        // page's own poll (every 60 s, for presence changes, which have no event) cannot be what refreshed it.
        ((JavascriptExecutor) d).executeScript("window.__sameDocument = 'yes';");
        stubTeam("busy");
        String assignment = "{\"caseId\":\"" + UNASSIGNED + "\",\"agentId\":\"" + AGENT_ID + "\",\"agentUsername\":\"local-agent\","
                + "\"channel\":\"x\",\"assignedAt\":\"" + Instant.now() + "\"}";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        By joPresence = By.cssSelector("[data-username=local-agent] [data-testid=agent-presence]");
        while (!"busy".equals(d.findElement(joPresence).getText()) && System.nanoTime() < deadline) {
            publish("outpost.assignments", UNASSIGNED, "io.outpost.assignment.created.v1", assignment);
            sleep(1500);
        }
        assertThat(d.findElement(joPresence).getText()).isEqualTo("busy");
        assertThat(((JavascriptExecutor) d).executeScript("return window.__sameDocument;")).isEqualTo("yes");
    }

    @Test
    @Order(23)
    void aSupervisorFiltersEveryonesCasesAndReassignsOneWithTheirOwnToken() throws Exception {
        WebDriver d = driver();
        d.get(testbed.consoleUrl() + "/all-cases?breached=yes&assignee=unassigned");
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=all-cases-table]")));
        assertThat(services().findAll(getRequestedFor(urlPathEqualTo("/api/v1/cases"))
                .withQueryParam("breached", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true"))
                .withQueryParam("unassigned", com.github.tomakehurst.wiremock.client.WireMock.equalTo("true")))).isNotEmpty();
        d.get(testbed.consoleUrl() + "/all-cases");
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=all-cases-table]")));
        assertThat(d.findElements(By.cssSelector("[data-testid=case-row]"))).hasSize(2);
        assertThat(d.findElement(By.cssSelector("[data-case-id='" + MINE + "'] [data-testid=case-assignee]")).getText()).isEqualTo("Jo Kim");
        screenshot("all-cases.png");
        assertNoSeriousAccessibilityViolations("all cases");

        services().stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathEqualTo("/api/v1/cases/" + UNASSIGNED))
                .willReturn(okJson("{\"id\":\"" + UNASSIGNED + "\",\"status\":\"new\",\"channel\":\"x\",\"priority\":1}")));
        WebElement row = d.findElement(By.cssSelector("[data-case-id='" + UNASSIGNED + "']"));
        new org.openqa.selenium.support.ui.Select(row.findElement(By.cssSelector("[data-testid=reassign-agent]"))).selectByValue(AGENT2_ID);
        row.findElement(By.cssSelector("[data-testid=reassign]")).click();
        assertThat(wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#assign-result [data-testid=message-ok]"))).getText()).contains("Lee Park");
        List<LoggedRequest> patches = services().findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(
                urlPathEqualTo("/api/v1/cases/" + UNASSIGNED)));
        assertThat(patches).hasSize(1);
        JsonNode body = JSON.readTree(patches.get(0).getBodyAsString());
        assertThat(body.path("assignee").path("id").asText()).isEqualTo(AGENT2_ID);
        assertThat(body.path("assignee").path("username").asText()).isEqualTo("local-agent-2");
        assertThat(body.path("assignee").path("team").asText()).isEqualTo("care");
        assertThat(body.path("assignee").path("name").asText()).isEqualTo("Lee Park");
        assertThat(body.size()).as("only the assignee changes").isEqualTo(1);
        assertThat(claims(patches.get(0).getHeader("Authorization").substring(7)).path("preferred_username").asText())
                .isEqualTo("local-supervisor");
    }

    @Test
    @Order(24)
    void aCannedResponseTheApiRefusesShowsItsMessageAndKeepsWhatWasTyped() throws Exception {
        services().stubFor(get(urlPathEqualTo("/api/v1/canned-responses")).willReturn(okJson("{\"items\":[{\"id\":\""
                + UUID.randomUUID() + "\",\"team\":null,\"title\":\"Ask for a DM\",\"text\":\"Hi {{customer.handle}}, please send us "
                + "a DM with your order number. {{agent.name}}\",\"placeholders\":[\"customer.handle\",\"agent.name\"],\"channel\":\"x\","
                + "\"language\":\"en\",\"tags\":[\"dm\"],\"version\":2}],\"nextCursor\":null}")));
        services().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/api/v1/canned-responses"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":400,\"title\":\"Bad Request\",\"detail\":\"text: unknown placeholder {{order.id}}; "
                                + "known: {{customer.handle}}, {{customer.name}}, {{agent.name}}, {{case.id}}, {{brand.account}}\"}")));
        WebDriver d = driver();
        wait(d, 20).until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=nav-canned]"))).click();
        wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=canned-table]")));
        assertThat(d.findElement(By.cssSelector("[data-testid=canned-row]")).getText()).contains("Ask for a DM")
                .contains("{{customer.handle}}");
        assertThat(d.findElement(By.cssSelector("[data-testid=placeholders-help]")).getText()).contains("{{brand.account}}");
        d.findElement(By.id("canned-title")).sendKeys("Order status");
        d.findElement(By.id("canned-text")).sendKeys("Your order {{order.id}} is on its way.");
        d.findElement(By.id("canned-tags")).sendKeys("delivery, status");
        d.findElement(By.cssSelector("[data-testid=canned-save]")).click();
        assertThat(wait(d, 20).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=canned-error]")))
                .getText()).isEqualTo("Not saved: text: unknown placeholder {{order.id}}; known: {{customer.handle}}, "
                        + "{{customer.name}}, {{agent.name}}, {{case.id}}, {{brand.account}}");
        assertThat(d.findElement(By.id("canned-text")).getAttribute("value")).isEqualTo("Your order {{order.id}} is on its way.");
        JsonNode sent = JSON.readTree(services().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/api/v1/canned-responses"))).get(0).getBodyAsString());
        assertThat(sent.path("tags").toString()).isEqualTo("[\"delivery\",\"status\"]");
        assertThat(sent.has("team")).as("blank team: global, left out").isFalse();
        screenshot("canned-responses.png");
        assertNoSeriousAccessibilityViolations("canned responses");
    }

    /**
     * Ends whichever session the browser has (the console's and Keycloak's, by RP-initiated logout); without one,
     * /logout itself asks for a login. Either way the next page asks for a password.
     */
    void freshSession() {
        WebDriver d = driver();
        d.get(testbed.consoleUrl() + "/logout");
        wait(d, 30).until(ExpectedConditions.or(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=signed-out]")),
                ExpectedConditions.presenceOfElementLocated(By.id("username"))));
    }

    void stubTeam(String joPresence) {
        services().stubFor(get(urlPathEqualTo("/api/v1/agents")).willReturn(okJson("{\"items\":["
                + agent(joPresence, null) + ",{\"id\":\"" + AGENT2_ID + "\",\"username\":\"local-agent-2\",\"displayName\":\"Lee Park\","
                + "\"team\":\"care\",\"channels\":{\"x\":2},\"load\":{\"x\":2},\"presence\":\"away\",\"presenceReason\":\"training\","
                + "\"presenceSince\":\"" + Instant.now().minusSeconds(600) + "\"}],\"total\":2,\"offset\":0,\"limit\":200}")));
        services().stubFor(get(urlPathEqualTo("/api/v1/agents/" + AGENT2_ID)).willReturn(okJson("{\"id\":\"" + AGENT2_ID
                + "\",\"username\":\"local-agent-2\",\"displayName\":\"Lee Park\",\"team\":\"care\",\"presence\":\"away\"}")));
        services().stubFor(get(urlPathEqualTo("/api/v1/queues")).willReturn(okJson("{\"asOf\":\"" + Instant.now() + "\",\"queues\":["
                + "{\"name\":\"x-en\",\"waiting\":3,\"offered\":1,\"oldestWaitingSince\":\"" + Instant.now().minusSeconds(1290)
                + "\",\"longestWaitSeconds\":1290},{\"name\":\"default\",\"waiting\":0,\"offered\":0,\"longestWaitSeconds\":0}],"
                + "\"skills\":[],\"agents\":[]}")));
        services().stubFor(get(urlPathEqualTo("/api/v1/metrics/service-level"))
                .withQueryParam("groupBy", com.github.tomakehurst.wiremock.client.WireMock.equalTo("agent"))
                .willReturn(okJson("{\"groupBy\":\"agent\",\"groups\":[{\"group\":\"" + AGENT_ID + "\",\"cases\":9,\"backlog\":4},"
                        + "{\"group\":\"unassigned\",\"cases\":2,\"backlog\":2}],\"total\":{\"group\":\"all\",\"cases\":11,\"backlog\":6}}")));
        services().stubFor(get(urlPathEqualTo("/api/v1/metrics/service-level"))
                .withQueryParam("groupBy", com.github.tomakehurst.wiremock.client.WireMock.equalTo("channel"))
                .willReturn(okJson("{\"groupBy\":\"channel\",\"groups\":[{\"group\":\"x\",\"cases\":40,\"firstResponse\":"
                        + "{\"p50Seconds\":190,\"p90Seconds\":1500},\"slaAttainmentPercent\":92.5,\"responseRatePercent\":97.5,\"backlog\":6}],"
                        + "\"total\":{\"group\":\"all\",\"cases\":40,\"firstResponse\":{\"p50Seconds\":190,\"p90Seconds\":1500},"
                        + "\"slaAttainmentPercent\":92.5,\"responseRatePercent\":97.5,\"backlog\":6}}")));
    }

    void signIn(String role) {
        WebDriver d = driver();
        d.get(testbed.consoleUrl() + "/");
        wait(d, 30).until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        d.findElement(By.id("username")).sendKeys(io.outpost.devstack.Keycloak.DEMO_USERS.get(role));
        d.findElement(By.id("password")).sendKeys(testbed.password(role));
        d.findElement(By.id("kc-login")).click();
        wait(d, 30).until(ExpectedConditions.urlMatches("^" + java.util.regex.Pattern.quote(testbed.consoleUrl()) + ".*"));
    }

    void stubInbox() {
        Instant now = Instant.now();
        services().stubFor(get(urlPathEqualTo("/api/v1/cases")).willReturn(okJson("{\"items\":["
                + summary(MINE, "open", "Dana", "dana_k", 2, "{\"id\":\"" + AGENT_ID + "\",\"name\":\"Jo Kim\",\"username\":\"local-agent\"}",
                        now.plusSeconds(40 * 60))
                + "," + summary(UNASSIGNED, "new", null, "lee", 1, "null", now.minusSeconds(120))
                + "],\"nextCursor\":null}")));
        services().stubFor(get(urlPathEqualTo("/api/v1/missed")).willReturn(okJson("{\"items\":[{\"caseId\":\"" + UNASSIGNED
                + "\",\"channel\":\"x\",\"priority\":1,\"target\":\"first-response\",\"waitingSince\":\"" + now.minusSeconds(3600)
                + "\",\"dueAt\":\"" + now.minusSeconds(120) + "\",\"post\":{\"id\":\"" + UUID.randomUUID()
                + "\",\"text\":\"Hello? My order is still waiting\",\"from\":\"customer\"}}],\"nextCursor\":null}")));
        services().stubFor(get(urlPathEqualTo("/api/v1/agents/me")).willReturn(okJson(agent("available", null))));
        services().stubFor(get(urlPathEqualTo("/api/v1/offers")).willReturn(okJson("[]")));
        services().stubFor(get(urlPathEqualTo("/api/v1/cases/" + UNASSIGNED)).willReturn(okJson(
                "{\"id\":\"" + UNASSIGNED + "\",\"status\":\"new\",\"channel\":\"x\",\"visibility\":\"public\",\"priority\":1,"
                        + "\"customer\":{\"handle\":\"lee\"},\"intent\":\"delivery\",\"posts\":[{\"text\":\"Where is my parcel? Ordered 5 days ago.\"}]}")));
    }

    static String agent(String presence, String reason) {
        return "{\"id\":\"" + AGENT_ID + "\",\"username\":\"local-agent\",\"displayName\":\"Jo Kim\",\"team\":\"care\","
                + "\"channels\":{\"x\":3,\"messenger\":2},\"load\":{\"x\":1},\"presence\":\"" + presence + "\""
                + (reason == null ? "" : ",\"presenceReason\":\"" + reason + "\"") + "}";
    }

    static String summary(String id, String status, String name, String handle, int priority, String assignee, Instant due) {
        return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"channel\":\"x\",\"visibility\":\"public\","
                + "\"customer\":{\"platformUserId\":\"u-" + handle + "\",\"handle\":\"" + handle + "\""
                + (name == null ? "" : ",\"displayName\":\"" + name + "\"") + "},\"openedAt\":\"" + Instant.now().minusSeconds(3600)
                + "\",\"priority\":" + priority + ",\"assignee\":" + assignee + ",\"intent\":\"delivery\",\"language\":\"en\","
                + "\"sla\":[{\"target\":\"first-response\",\"dueAt\":\"" + due + "\",\"state\":\"" + (due.isBefore(Instant.now()) ? "breached" : "running") + "\"}]}";
    }

    void stubCase(boolean withNewPost) {
        Instant t0 = Instant.now().minusSeconds(1800);
        services().stubFor(get(urlPathEqualTo("/api/v1/cases/" + MINE)).willReturn(okJson("{\"id\":\"" + MINE
                + "\",\"status\":\"open\",\"channel\":\"x\",\"visibility\":\"public\",\"customer\":{\"platformUserId\":\"u-dana\","
                + "\"handle\":\"dana_k\",\"displayName\":\"Dana\"},\"openedAt\":\"" + t0 + "\",\"priority\":2,\"assignee\":{\"id\":\""
                + AGENT_ID + "\",\"name\":\"Jo Kim\",\"username\":\"local-agent\"},\"intent\":\"delivery\",\"language\":\"en\","
                + "\"crmCustomerId\":\"CUST-42\",\"sla\":[{\"target\":\"next-response\",\"dueAt\":\"" + Instant.now().plusSeconds(1500)
                + "\",\"state\":\"running\"}],\"posts\":[]}")));
        String entries = "{\"type\":\"post\",\"at\":\"" + t0 + "\",\"post\":{\"id\":\"" + UUID.randomUUID() + "\",\"from\":\"customer\","
                + "\"author\":{\"handle\":\"dana_k\",\"displayName\":\"Dana\"},\"text\":\"My parcel never arrived @brand\",\"visibility\":\"public\"}},"
                + "{\"type\":\"reply\",\"at\":\"" + t0.plusSeconds(300) + "\",\"reply\":{\"id\":\"" + UUID.randomUUID() + "\",\"author\":\"local-agent\","
                + "\"text\":\"Sorry to hear that, Dana! Please send us a DM with your order number. ^JK\",\"visibility\":\"public\","
                + "\"status\":\"delivered\",\"delivery\":\"delivered, confirmed by the platform\"}},"
                + "{\"type\":\"note\",\"at\":\"" + t0.plusSeconds(360) + "\",\"activity\":{\"actor\":\"local-agent\",\"detail\":\"Carrier delay in her area\"}}"
                + (withNewPost ? ",{\"type\":\"post\",\"at\":\"" + t0.plusSeconds(600) + "\",\"post\":{\"id\":\"" + UUID.randomUUID()
                        + "\",\"from\":\"customer\",\"author\":{\"handle\":\"dana_k\",\"displayName\":\"Dana\"},\"text\":\"Sent you a DM with the order number\","
                        + "\"visibility\":\"private\"}}" : "");
        services().stubFor(get(urlPathEqualTo("/api/v1/cases/" + MINE + "/timeline")).willReturn(okJson(
                "{\"caseId\":\"" + MINE + "\",\"entries\":[" + entries + "]}")));
        services().stubFor(get(urlPathEqualTo("/api/v1/me/signature")).willReturn(okJson(
                "{\"username\":\"local-agent\",\"signature\":\"^JK\",\"custom\":false}")));
        services().stubFor(get(urlPathEqualTo("/api/v1/canned-responses")).willReturn(okJson(
                "{\"items\":[{\"id\":\"" + UUID.randomUUID() + "\",\"title\":\"Ask for a DM\",\"text\":\"Hi {{customer.handle}}, please DM us.\"}],\"nextCursor\":null}")));
        services().stubFor(get(urlPathEqualTo("/api/v1/links")).willReturn(okJson(
                "[{\"id\":\"" + UUID.randomUUID() + "\",\"customerId\":\"CUST-42\",\"status\":\"confirmed\",\"confirmedAt\":\"" + t0 + "\"}]")));
        AdminStubs.lookup(services(), "granted", null);
        services().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/api/v1/cases/" + MINE + "/replies/check"))
                .willReturn(okJson("{\"sentText\":\"x ^JK\",\"length\":5,\"lengthUnit\":\"x-weighted-characters\",\"limit\":280,\"refusal\":null}")));
    }

    void publish(String topic, String key, String type, String value) {
        Map<String, Object> config = Map.of("bootstrap.servers", testbed.kafka(), "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_source", "console-test".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void assertNoSeriousAccessibilityViolations(String page) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(driver());
        List<String> serious = results.getViolations().stream()
                .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
                .map(r -> r.getId() + " (" + r.getImpact() + "): " + r.getHelp() + " at " + r.getNodes().stream()
                        .map(n -> String.valueOf(n.getTarget())).toList())
                .toList();
        assertThat(serious).as("axe-core on the " + page + " page").isEmpty();
    }

    void screenshot(String name) throws Exception {
        Files.createDirectories(DOCS);
        byte[] png = ((TakesScreenshot) driver()).getScreenshotAs(OutputType.BYTES);
        Files.write(DOCS.resolve(name), png);
    }

    static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    /** Acts on an element, finding it again if an htmx swap replaced it between the find and the act. */
    static void onSettled(WebDriver d, By by, java.util.function.Consumer<WebElement> act) {
        wait(d, 10).ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(x -> {
            act.accept(x.findElement(by));
            return true;
        });
    }

    static WebDriverWait wait(WebDriver d, int seconds) {
        return new WebDriverWait(d, Duration.ofSeconds(seconds));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
