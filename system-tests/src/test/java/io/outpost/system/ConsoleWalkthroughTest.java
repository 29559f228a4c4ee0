package io.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.devstack.HeadlessBrowser;
import io.outpost.devstack.Keycloak;
import io.outpost.devstack.LocalChannels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agent workspace on the whole running suite, used as a care team uses it (issue 18): real Keycloak login pages,
 * a real headless Chromium per person, the five services and the console as processes, the customer on X through
 * ingest's signed webhook. An agent signs in, goes available, receives an offer without reloading, accepts it, reads
 * the conversation, replies in public with a canned response, moves to private, sees the customer's DM arrive live,
 * resolves; a colleague sees the case leave the unassigned list live; the agent cannot open a
 * colleague's case nor read match candidates.
 *
 * <p>The case is in Spanish and only the two demo agents speak it: the suite's other tests leave English-speaking
 * X agents available, and routing must offer this case to the demo agent.
 */
class ConsoleWalkthroughTest {

    static final Duration STEP = Duration.ofSeconds(60);
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000 + 500);
    private static final Path SCREENSHOTS = Path.of("target", "console-walkthrough");

    static RunningSuite suite;
    static String console;
    static HeadlessBrowser agent;
    static HeadlessBrowser colleague;
    static String colleagueAgentId;
    /** Routing's rules as the suite had them: this class switches to offers (the suite assigns at once) and back. */
    static JsonNode suiteRules;

    @BeforeAll
    static void start() throws Exception {
        suite = RunningSuite.get();
        CareConversation.restoreSandboxXAccount(suite);
        String supervisor = suite.keycloak.userToken("supervisor");
        takeTheWaitingCasesTheDemoAgentsCouldGet(supervisor);
        String routing = suite.url("routing-service") + "/api/v1/agents";
        for (String username : List.of(Keycloak.DEMO_USERS.get("agent"), Keycloak.SECOND_AGENT)) {
            SuiteApi.Answer created = SuiteApi.json("POST", routing, supervisor, Map.of("username", username,
                    "displayName", username.equals(Keycloak.SECOND_AGENT) ? "Ari Lee" : "Jo Kim", "team", "care",
                    "skills", Map.of("billing", 4, "technical", 4), "languages", List.of("es"), "channels", Map.of("x", 4)));
            assertThat(created.status()).as(created.body()).isIn(201, 409);
            if (username.equals(Keycloak.SECOND_AGENT)) {
                colleagueAgentId = created.json().path("id").asText();
            }
        }
        SuiteApi.json("POST", suite.url("case-service") + "/api/v1/canned-responses", supervisor, Map.of("title",
                "Pedido en camino", "team", "care", "text", "Hola {{customer.handle}}, lo revisamos ahora mismo. ¿Nos cuentas"
                        + " por DM el número de pedido?")).require(201);
        // Offers, not auto-accept: the agent receives an offer and accepts it (the suite's other tests assign at once;
        // the rules are data, every replica follows a change at once, and @AfterAll puts them back).
        String rules = suite.url("routing-service") + "/api/v1/routing-rules";
        String admin = suite.keycloak.userToken("admin");
        suiteRules = SuiteApi.get(rules, admin).require(200).json();
        com.fasterxml.jackson.databind.node.ObjectNode offers = suiteRules.deepCopy();
        offers.put("autoAccept", false).put("offerTimeoutSeconds", 300);
        SuiteApi.json("PUT", rules, admin, offers).require(200);
        console = suite.consoleUrl();
        Files.createDirectories(SCREENSHOTS);
        agent = HeadlessBrowser.start();
        colleague = HeadlessBrowser.start();
    }

    /**
     * The suite's earlier tests leave X cases waiting (the conversation replay alone leaves hundreds, most without a
     * language), and a case without a language may go to any agent: routing rightly offers them, oldest first, to
     * the demo agent the moment it goes available, and they fill its capacity before the walk's case arrives. So
     * first an agent of the walk's own, qualified for everything the demo agents are (Spanish, the same skills at a
     * higher proficiency, the same team), takes every such case while routing still assigns at once, and goes away;
     * what still waits afterwards needs a language the demo agents lack. The queue is ordered by due time, so the
     * sweeper takes exactly the cases that would otherwise come before the walk's.
     */
    static void takeTheWaitingCasesTheDemoAgentsCouldGet(String supervisor) throws InterruptedException {
        String routing = suite.url("routing-service") + "/api/v1/agents";
        long waiting = 0;
        for (JsonNode queue : SuiteApi.get(suite.url("routing-service") + "/api/v1/queues", supervisor).require(200).json()
                .path("queues")) {
            waiting += queue.path("waiting").asLong() + queue.path("offered").asLong();
        }
        // Routing takes at most 100 cases per agent and channel; the count is over every channel and language, so
        // there is room to spare.
        int sweepers = (int) (waiting / AgentPool.CAPACITY_PER_AGENT) + 1;
        List<String> ids = new java.util.ArrayList<>();
        List<String> usernames = new java.util.ArrayList<>();
        for (int i = 0; i < sweepers; i++) {
            String username = "walk-sweeper-" + Long.toString(IDS.incrementAndGet(), 36);
            ids.add(SuiteApi.json("POST", routing, supervisor, Map.of("username", username, "displayName", "Walk Sweeper " + i,
                    "team", "care", "skills", Map.of("billing", 5, "technical", 5), "languages", List.of("es"),
                    "channels", Map.of("x", AgentPool.CAPACITY_PER_AGENT))).require(201).json().path("id").asText());
            usernames.add(username);
            // An agent going available takes the waiting cases it may have within the same request (oldest due first).
            SuiteApi.json("PUT", routing + "/" + ids.get(i) + "/presence", suite.token(username, "agent"),
                    Map.of("presence", "available")).require(200);
        }
        // Cases released meanwhile (lapsed offers, requeues) go to an available sweeper too: done when the sweepers'
        // load has not moved for 3 s (read every 500 ms), at most a minute.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int last = -1;
        int stableReads = 0;
        while (stableReads < 6 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            int load = 0;
            for (String id : ids) {
                load += SuiteApi.get(routing + "/" + id, supervisor).require(200).json().path("load").path("x").asInt();
            }
            stableReads = load == last ? stableReads + 1 : 0;
            last = load;
        }
        assertThat(stableReads).as("the sweepers' load settled within a minute (last read %d)", last).isEqualTo(6);
        System.out.printf("ConsoleWalkthroughTest: %d sweepers took %d of %d waiting or offered cases before the walk%n",
                sweepers, last, waiting);
        for (int i = 0; i < sweepers; i++) {
            SuiteApi.json("PUT", routing + "/" + ids.get(i) + "/presence", suite.token(usernames.get(i), "agent"),
                    Map.of("presence", "away", "reason", "the walk's cases are the demo agents'")).require(200);
        }
    }

    @AfterAll
    static void stop() {
        if (suiteRules != null) {
            SuiteApi.json("PUT", suite.url("routing-service") + "/api/v1/routing-rules", suite.keycloak.userToken("admin"),
                    suiteRules).require(200);
        }
        for (HeadlessBrowser browser : new HeadlessBrowser[] { agent, colleague }) {
            if (browser != null) {
                browser.close();
            }
        }
    }

    @Test
    void anAgentAnswersACustomerFromTheOfferToTheResolutionWhileAColleagueWatchesTheQueue() throws Exception {
        // The services accept the realm's tokens beside the tests' own, each by its issuer.
        String queues = suite.url("routing-service") + "/api/v1/queues";
        assertThat(SuiteApi.get(queues, suite.keycloak.userToken("supervisor")).status()).isEqualTo(200);
        assertThat(SuiteApi.get(queues, suite.keycloak.userToken("agent")).status()).isEqualTo(403);
        assertThat(SuiteApi.get(queues, suite.token("supervisor")).status()).isEqualTo(200);

        WebDriver a = agent.driver();
        WebDriver c = colleague.driver();
        signIn(a, Keycloak.DEMO_USERS.get("agent"), suite.keycloak.password("agent"));
        signIn(c, Keycloak.SECOND_AGENT, suite.keycloak.secondAgentPassword());

        // The agent goes available from the page.
        new Select(a.findElement(By.id("presence-select"))).selectByValue("available");
        a.findElement(By.id("presence-save")).click();
        waitFor(a).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=presence-state]"), "available"));
        markDocument(a);
        markDocument(c);

        // A customer tweets at the brand, in Spanish.
        long n = IDS.incrementAndGet();
        String customerId = Long.toString(n);
        String handle = "cliente" + n;
        String tweetId = Long.toString(n * 10 + 3);
        String question = "Hola, mi pedido no ha llegado todavía y el seguimiento no cambia desde hace una semana. ¿Me podéis"
                + " ayudar con la entrega, por favor?";
        Instant at = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        deliverX(PlatformDeliveries.tweetCreate(LocalChannels.X_ACCOUNT_ID,
                PlatformDeliveries.tweet(tweetId, customerId, handle, "@OutpostLocal " + question, at, null)));

        // The offer reaches the agent's open page by itself, with a countdown.
        WebElement offer = waitFor(a).until(d -> d.findElements(By.cssSelector("[data-testid=offer]")).stream()
                .filter(card -> card.getText().contains("@" + handle)).findFirst().orElse(null));
        assertThat(offer.findElement(By.cssSelector("[data-testid=offer-countdown]")).getText()).isNotBlank();
        assertSameDocument(a);
        String caseId = caseOf(tweetId);
        JsonNode opened = SuiteApi.get(suite.url("case-service") + "/api/v1/cases/" + caseId, suite.token("supervisor"))
                .require(200).json();
        assertThat(opened.path("language").asText()).as("the case's language decides who may take it").isEqualTo("es");
        screenshot(a, "offer.png");

        // Meanwhile the colleague sees it waiting in the unassigned list, without reloading.
        By unassignedRow = By.cssSelector("[data-testid=unassigned-table] [data-case-id='" + caseId + "']");
        waitFor(c).until(ExpectedConditions.presenceOfElementLocated(unassignedRow));

        // The agent accepts and the case opens; it leaves the colleague's unassigned list live.
        offer.findElement(By.cssSelector("[data-testid=offer-accept]")).click();
        try {
            waitFor(a).until(ExpectedConditions.urlContains("/cases/" + caseId));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("accepting the offer did not open the case; the agent's page shows: "
                    + a.findElement(By.tagName("main")).getText(), e);
        }
        try {
            waitFor(c).until(ExpectedConditions.invisibilityOfElementLocated(unassignedRow));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the case stayed in the colleague's unassigned list; case-service says "
                    + SuiteApi.get(suite.url("case-service") + "/api/v1/cases/" + caseId, suite.token("supervisor")).body()
                    + "; routing says " + SuiteApi.get(suite.url("routing-service") + "/api/v1/tasks/" + caseId,
                            suite.token("supervisor")).body(), e);
        }
        assertSameDocument(c);

        // The conversation, in order.
        WebElement timeline = waitFor(a).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=timeline]")));
        assertThat(timeline.getText()).contains("el seguimiento no cambia");

        // A public reply from the team's canned response, rendered for this customer.
        new Select(a.findElement(By.id("canned-select"))).selectByVisibleText("Pedido en camino");
        waitFor(a).until(d -> d.findElement(By.id("reply-text")).getAttribute("value").contains("Hola " + handle));
        waitFor(a).until(d -> {
            d.findElement(By.id("vis-public")).click();
            return d.findElement(By.id("vis-public")).isSelected();
        });
        waitFor(a).until(d -> {
            d.findElement(By.id("reply-send")).click();
            return true;
        });
        waitFor(a).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=timeline]"),
                "lo revisamos ahora mismo"));
        assertThat(Progress.until(() -> suite.sandbox.received().stream().anyMatch(r -> r.text().contains("lo revisamos ahora mismo")),
                STEP, 200)).as("the reply reached X").isTrue();

        // Move to private: the agent writes to the customer by DM.
        String dm = "Gracias, te escribimos por aquí. ¿Cuál es el número de pedido?";
        waitFor(a).until(d -> {
            d.findElement(By.id("vis-private")).click();
            WebElement text = d.findElement(By.id("reply-text"));
            text.clear();
            text.sendKeys(dm);
            return d.findElement(By.id("vis-private")).isSelected() && dm.equals(d.findElement(By.id("reply-text")).getAttribute("value"));
        });
        waitFor(a).until(d -> {
            d.findElement(By.id("reply-send")).click();
            return true;
        });
        waitFor(a).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=timeline]"),
                "te escribimos por aquí"));
        markDocument(a);

        // The customer answers by DM: it appears on the open case page by itself, marked private.
        deliverX(PlatformDeliveries.directMessage(LocalChannels.X_ACCOUNT_ID, Long.toString(n * 10 + 5), customerId,
                "Es el pedido 4471, gracias", Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        waitFor(a).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=timeline]"),
                "Es el pedido 4471"));
        assertSameDocument(a);
        String lastEntry = waitFor(a).until(d -> {
            List<WebElement> entries = d.findElements(By.cssSelector("[data-testid=timeline-entry]"));
            return entries.get(entries.size() - 1).getText();
        });
        assertThat(lastEntry).containsIgnoringCase("private");
        screenshot(a, "case.png");

        // Resolved: the public reply before the move to private satisfies the close-publicly rule.
        waitFor(a).until(d -> {
            d.findElement(By.id("resolve")).click();
            return true;
        });
        waitFor(a).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=case-status]"),
                "resolved"));
        assertThat(SuiteApi.get(suite.url("case-service") + "/api/v1/cases/" + caseId, suite.token("supervisor")).require(200)
                .json().path("status").asText()).isEqualTo("resolved");
    }

    @Test
    void anAgentCannotOpenAColleaguesCaseNorReadMatchCandidates() throws Exception {
        long n = IDS.incrementAndGet();
        String tweetId = Long.toString(n * 10 + 3);
        deliverX(PlatformDeliveries.tweetCreate(LocalChannels.X_ACCOUNT_ID, PlatformDeliveries.tweet(tweetId, Long.toString(n),
                "otro" + n, "@OutpostLocal Buenas tardes, la factura de este mes tiene un cargo doble y no sé por qué.",
                Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS), null)));
        String caseId = caseOf(tweetId);
        // A supervisor gives it to the colleague.
        SuiteApi.json("PATCH", suite.url("case-service") + "/api/v1/cases/" + caseId, suite.keycloak.userToken("supervisor"),
                Map.of("assignee", Map.of("id", colleagueAgentId, "name", "Ari Lee", "team", "care", "username",
                        Keycloak.SECOND_AGENT))).require(200);

        WebDriver a = agent.driver();
        signIn(a, Keycloak.DEMO_USERS.get("agent"), suite.keycloak.password("agent"));
        a.get(console + "/cases/" + caseId);
        WebElement message = waitFor(a).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=page-error], [data-testid=forbidden]")));
        assertThat(message.getText()).isNotBlank();
        assertThat(a.findElements(By.cssSelector("[data-testid=timeline-entry]"))).isEmpty();
        assertThat(a.getPageSource()).doesNotContain("cargo doble");
        // Match candidates are an admin's: the agent's own token is refused by crm-link-service.
        assertThat(SuiteApi.get(suite.url("crm-link-service") + "/api/v1/identities/" + java.util.UUID.randomUUID()
                + "/match-candidates", suite.keycloak.userToken("agent")).status()).isEqualTo(403);
    }

    /** Signs in through Keycloak's login page, unless this browser's session is still signed in (the other test). */
    private static void signIn(WebDriver driver, String username, String password) {
        driver.get(console + "/");
        waitFor(driver).until(ExpectedConditions.or(ExpectedConditions.visibilityOfElementLocated(By.id("username")),
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=inbox-lists]"))));
        if (driver.findElements(By.id("username")).isEmpty()) {
            return;
        }
        assertThat(driver.getCurrentUrl()).startsWith(suite.keycloak.issuer());
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        waitFor(driver).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=inbox-lists]")));
        assertThat(driver.getCurrentUrl()).startsWith(console);
    }

    private static void deliverX(com.fasterxml.jackson.databind.node.ObjectNode delivery) {
        byte[] body = Mutations.bytes(delivery);
        SuiteApi.signed(suite.url("ingest-service") + "/webhooks/x", body, Map.of("Content-Type", "application/json",
                PlatformDeliveries.X_SIGNATURE, PlatformDeliveries.xSignature(suite.xConsumerSecret, body))).require(200);
    }

    /** The case holding the tweet, once case-service has opened it. */
    private static String caseOf(String tweetId) throws InterruptedException {
        String url = suite.url("case-service") + "/api/v1/cases?channel=x&postExternalId=" + tweetId;
        String[] id = new String[1];
        boolean found = Progress.until(() -> {
            JsonNode items = SuiteApi.get(url, suite.token("supervisor")).require(200).json().path("items");
            if (items.size() == 1) {
                id[0] = items.get(0).path("id").asText();
                return true;
            }
            return false;
        }, STEP, 500);
        assertThat(found).as("a case for tweet " + tweetId).isTrue();
        return id[0];
    }

    /** Waits a step; an element htmx swapped between a find and its use is found again (the reply box is swapped). */
    private static WebDriverWait waitFor(WebDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, STEP);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Marks the loaded document: a page that reloads loses the mark ({@link #assertSameDocument}). */
    private static void markDocument(WebDriver driver) {
        ((JavascriptExecutor) driver).executeScript("window.__outpostWalk = 'same document';");
    }

    private static void assertSameDocument(WebDriver driver) {
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__outpostWalk;"))
                .as("the page updated itself, without a reload").isEqualTo("same document");
    }

    private static void screenshot(WebDriver driver, String name) throws java.io.IOException {
        Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }
}
