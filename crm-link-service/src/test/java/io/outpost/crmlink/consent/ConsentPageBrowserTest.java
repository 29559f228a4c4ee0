package io.outpost.crmlink.consent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.crmlink.config.ConsentLinkSigner;
import io.outpost.crmlink.consent.ConsentFixtures.Identity;
import io.outpost.crmlink.consent.ConsentFixtures.Sent;
import io.outpost.devstack.HeadlessBrowser;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The consent page in a real headless Chromium (Debian's package) against the running test
 * server: what a person sees and clicks, with no JavaScript on the page.
 */
@QuarkusTest
@SuppressWarnings("unchecked")
class ConsentPageBrowserTest {

    static HeadlessBrowser browser;

    @Inject
    Pool pool;

    @Inject
    ConsentLinkSigner signer;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessBrowser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    static WebDriver open(String token) {
        WebDriver driver = browser.driver();
        driver.get("http://localhost:" + RestAssured.port + "/consent/" + token);
        return driver;
    }

    /** Clicks a submit button and waits for the page the POST redirects to (it shows a notice). */
    static void submit(WebDriver driver, String buttonId) {
        driver.findElement(By.id(buttonId)).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
    }

    static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText();
    }

    static Map<String, Object> consent(Identity who, String purpose) {
        List<Map<String, Object>> all = given().auth().oauth2(TestTokens.admin())
                .when().get("/api/v1/subjects/" + who.id() + "/consents").then().statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(c -> purpose.equals(c.get("purpose"))).findFirst().orElseThrow();
    }

    static List<Map<String, Object>> links(Identity who) {
        return given().auth().oauth2(TestTokens.admin()).queryParam("identityId", who.id().toString())
                .when().get("/api/v1/links").then().statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void grantShowsWhatWillBeLinkedAndRecordsTheChoice() {
        Identity who = ConsentFixtures.identity(pool);
        String customer = ConsentFixtures.customer();
        Sent sent = ConsentFixtures.request(who, customer, "identity-link", "surveys");

        WebDriver driver = open(sent.token());
        assertThat(driver.getTitle()).isEqualTo("Your consent");
        assertThat(text(driver, "identity")).isEqualTo("@" + who.handle() + " on X");
        assertThat(text(driver, "customer")).isEqualTo("D*** K***");
        assertThat(text(driver, "text-version")).isEqualTo("2026-11");
        assertThat(driver.findElements(By.id("purpose-personalization"))).isEmpty();
        driver.findElement(By.id("identity-link-grant")).click();
        driver.findElement(By.id("surveys-grant")).click();
        submit(driver, "submit");

        assertThat(text(driver, "notice")).isEqualTo("Thank you: your choices are saved.");
        assertThat(text(driver, "status-identity-link")).isEqualTo("granted");
        assertThat(text(driver, "status-surveys")).isEqualTo("granted");
        assertThat(driver.findElements(By.cssSelector("input[type=radio]"))).isEmpty();
        assertThat(consent(who, "identity-link")).containsEntry("status", "granted");
        assertThat(links(who)).singleElement().satisfies(l -> assertThat(l).containsEntry("status", "confirmed")
                .containsEntry("customerId", customer));
    }

    @Test
    void declineRecordsARefusalAndLinksNothing() {
        Identity who = ConsentFixtures.identity(pool);
        Sent sent = ConsentFixtures.request(who, ConsentFixtures.customer(), "identity-link", "personalization");

        WebDriver driver = open(sent.token());
        driver.findElement(By.id("identity-link-decline")).click();
        driver.findElement(By.id("personalization-decline")).click();
        submit(driver, "submit");

        assertThat(text(driver, "status-identity-link")).isEqualTo("denied");
        assertThat(text(driver, "status-personalization")).isEqualTo("denied");
        assertThat(driver.findElements(By.id("withdraw-identity-link"))).as("nothing granted to withdraw").isEmpty();
        assertThat(consent(who, "identity-link")).containsEntry("status", "denied");
        assertThat(links(who)).isEmpty();
    }

    @Test
    void withdrawOnTheSamePageRemovesTheLink() {
        Identity who = ConsentFixtures.identity(pool);
        Sent sent = ConsentFixtures.request(who, ConsentFixtures.customer(), "identity-link", "surveys");
        WebDriver driver = open(sent.token());
        driver.findElement(By.id("identity-link-grant")).click();
        driver.findElement(By.id("surveys-decline")).click();
        submit(driver, "submit");
        assertThat(links(who)).singleElement().satisfies(l -> assertThat(l).containsEntry("status", "confirmed"));

        // Later, from the same link in the DM.
        driver = open(sent.token());
        submit(driver, "withdraw-identity-link");

        assertThat(text(driver, "notice")).isEqualTo("Your consent is withdrawn.");
        assertThat(text(driver, "status-identity-link")).isEqualTo("revoked");
        assertThat(driver.findElements(By.id("withdraw-identity-link"))).isEmpty();
        assertThat(consent(who, "identity-link")).containsEntry("status", "revoked");
        assertThat(links(who)).singleElement().satisfies(l -> assertThat(l).containsEntry("status", "removed")
                .containsEntry("removalReason", "consent-revoked"));
    }

    @Test
    void aTamperedLinkShowsAClearErrorAndNoForm() {
        Identity who = ConsentFixtures.identity(pool);
        Sent sent = ConsentFixtures.request(who, null, "surveys");
        WebDriver driver = open(ConsentFixtures.tampered(sent.token()));
        assertThat(text(driver, "title")).isEqualTo("This link is not valid");
        assertThat(text(driver, "message")).contains("exactly as you received it");
        assertThat(driver.findElements(By.tagName("form"))).isEmpty();
    }

    @Test
    void anExpiredLinkSaysSoAndHowToWithdrawAnyway() {
        Identity who = ConsentFixtures.identity(pool);
        Sent sent = ConsentFixtures.request(who, null, "surveys");
        WebDriver driver = open(signer.issue(UUID.fromString(sent.requestId()), Instant.now().minusSeconds(60)));
        assertThat(text(driver, "title")).isEqualTo("This link has expired");
        assertThat(text(driver, "message")).contains("STOP LINK");
        assertThat(driver.findElements(By.tagName("form"))).isEmpty();
    }
}
