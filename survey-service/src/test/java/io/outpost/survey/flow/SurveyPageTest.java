package io.outpost.survey.flow;

import static io.outpost.survey.flow.SurveyFixtures.all;
import static io.outpost.survey.flow.SurveyFixtures.awaitInvitation;
import static io.outpost.survey.flow.SurveyFixtures.awaitOne;
import static io.outpost.survey.flow.SurveyFixtures.awaitState;
import static io.outpost.survey.flow.SurveyFixtures.due;
import static io.outpost.survey.flow.SurveyFixtures.publish;
import static io.outpost.survey.flow.SurveyFixtures.survey;
import static io.outpost.survey.flow.SurveyFixtures.token;
import static io.outpost.survey.flow.SurveyFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.CaseResolved;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.SurveyAnswered;
import io.outpost.contracts.events.SurveySent;
import io.outpost.devstack.HeadlessBrowser;
import io.outpost.devstack.TestEvents;
import io.outpost.kit.links.SignedLinks;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The survey from a resolved case to its answer, end to end on real Kafka and PostgreSQL, with
 * the answer page driven in a real headless Chromium: answering, and each refusal (altered,
 * expired, reused link) showing its page and recording nothing.
 */
@QuarkusTest
class SurveyPageTest {

    static HeadlessBrowser browser;

    @TestHTTPResource("/s/")
    URL pages;

    @Inject
    SignedLinks links;

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

    WebDriver open(String token) {
        browser.driver().get(pages + token);
        return browser.driver();
    }

    /** A case resolved an hour ago on X, its invitation sent; returns the invitation. */
    static OutboundRequested sentSurvey(CaseResolved c) {
        publish(c);
        return awaitInvitation(c.caseId());
    }

    @Test
    void aResolvedCaseIsSurveyedAndTheAnswerOnThePageIsRecordedOnceAndPublished() {
        String customer = unique("x-");
        CaseResolved c = due(Channel.X, customer, "es", unique("team-"));
        OutboundRequested invitation = sentSurvey(c);

        assertThat(invitation.kind()).isEqualTo(OutboundRequested.Kind.SURVEY_INVITATION);
        assertThat(invitation.channel()).isEqualTo(Channel.X);
        assertThat(invitation.recipientPlatformId()).isEqualTo(customer);
        assertThat(invitation.text()).startsWith("Gracias por escribirnos. ¿Qué probabilidad").contains("/s/");
        SurveySent sent = TestEvents.payload(awaitOne(Topics.SURVEYS, c.caseId(), EventTypes.SURVEY_SENT), SurveySent.class);
        assertThat(sent.surveyId()).isEqualTo(invitation.messageId());
        assertThat(sent.kind()).isEqualTo("nps");
        assertThat(Duration.between(sent.sentAt(), sent.expiresAt())).isEqualTo(Duration.ofDays(7));

        WebDriver page = open(token(invitation));
        assertThat(page.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("es");
        assertThat(page.findElement(By.tagName("legend")).getText())
                .isEqualTo("¿Qué probabilidad hay de que nos recomiende a un amigo o colega?");
        // Every control has its label; the scores are one group named by the question.
        assertThat(page.findElements(By.cssSelector("fieldset input[type=radio][name=score]"))).hasSize(11)
                .allSatisfy(radio -> assertThat(page.findElements(By.cssSelector("label[for='" + radio.getAttribute("id")
                        + "']"))).hasSize(1));
        assertThat(page.findElement(By.cssSelector("label[for=comment]")).getText())
                .isEqualTo("¿Cuál es el motivo principal de su puntuación?");
        assertThat(page.findElements(By.tagName("script"))).isEmpty();
        page.findElement(By.cssSelector("label[for=score-9]")).click();
        page.findElement(By.id("comment")).sendKeys("Rápido y amable");
        page.findElement(By.id("send")).click();
        // The click submits the form; the answer page may not have replaced this one yet.
        assertThat(new WebDriverWait(page, Duration.ofSeconds(20))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#thanks h1"))).getText())
                .isEqualTo("¡Gracias!");

        SurveyAnswered answered = TestEvents.payload(awaitOne(Topics.SURVEYS, c.caseId(), EventTypes.SURVEY_ANSWERED),
                SurveyAnswered.class);
        assertThat(answered.surveyId()).isEqualTo(sent.surveyId());
        assertThat(answered.score()).isEqualTo(9);
        assertThat(answered.comment()).isEqualTo("Rápido y amable");
        assertThat(answered.via()).isEqualTo("link");
        assertThat(answered.agentId()).isEqualTo(c.assigneeAgentId());
        assertThat(survey(c.caseId())).containsEntry("state", "answered").containsEntry("score", 9)
                .containsEntry("answeredVia", "link");

        // The same link again: the "already answered" page, 409, and no second answer.
        assertThat(open(token(invitation)).findElement(By.cssSelector("#used h1")).getText()).isEqualTo("Ya respondió");
        given().when().get(pages + token(invitation)).then().statusCode(409);
        given().formParam("score", "3").when().post(pages + token(invitation)).then().statusCode(409);
        assertThat(all(Topics.SURVEYS, c.caseId(), EventTypes.SURVEY_ANSWERED, Duration.ofSeconds(2))).hasSize(1);
        assertThat(survey(c.caseId())).containsEntry("score", 9);
    }

    @Test
    void anAlteredLinkShowsItsPageAndRecordsNothing() {
        CaseResolved c = due(Channel.FACEBOOK, unique("fb-"), "en", unique("team-"));
        String token = token(sentSurvey(c));
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(open(altered).findElement(By.cssSelector("#tampered h1")).getText()).isEqualTo("This link does not work");
        given().when().get(pages + altered).then().statusCode(400).contentType(containsString("text/html"));
        given().formParam("score", "10").when().post(pages + altered).then().statusCode(400);
        given().formParam("score", "10").when().post(pages + "not-a-token").then().statusCode(400);
        // A genuine token for another purpose opens nothing here.
        String consentToken = links.issue("consent", sentSurveyId(c), Instant.now().plus(Duration.ofDays(1)));
        given().formParam("score", "10").when().post(pages + consentToken).then().statusCode(400);

        assertThat(survey(c.caseId())).containsEntry("state", "sent");
    }

    @Test
    void anExpiredLinkShowsItsPageAndRecordsNothing() {
        CaseResolved c = due(Channel.INSTAGRAM, unique("ig-"), "en", unique("team-"));
        sentSurvey(c);
        String expired = links.issue("survey", sentSurveyId(c), Instant.now().minusSeconds(1));

        assertThat(open(expired).findElement(By.cssSelector("#expired h1")).getText()).isEqualTo("This survey has closed");
        given().when().get(pages + expired).then().statusCode(410);
        given().formParam("score", "10").when().post(pages + expired).then().statusCode(410);

        assertThat(survey(c.caseId())).containsEntry("state", "sent");
    }

    @Test
    void aFormWithoutAValidScoreIsShownAgainWithItsErrorAndRecordsNothing() {
        CaseResolved c = due(Channel.MESSENGER, unique("ms-"), "de", unique("team-"));
        String token = token(sentSurvey(c));

        // German is not written: the page falls back to English.
        given().when().get(pages + token).then().statusCode(200)
                .body(containsString("<html lang=\"en\">"))
                .body(containsString("<legend><h1>How likely are you to recommend us to a friend or colleague?</h1></legend>"));
        given().formParam("comment", "no score").when().post(pages + token)
                .then().statusCode(400).body(containsString("role=\"alert\">Please choose a score.</p>"))
                .body(containsString(">no score</textarea>"));
        for (String bad : List.of("11", "-1", "nine", "9.5", "")) {
            given().formParam("score", bad).when().post(pages + token).then().statusCode(400);
        }
        given().formParam("score", "8").formParam("comment", "x".repeat(2001)).when().post(pages + token)
                .then().statusCode(400);

        assertThat(survey(c.caseId())).containsEntry("state", "sent");
    }

    @Test
    void twoAnswersAtTheSameMomentRecordOne() {
        CaseResolved c = due(Channel.X, unique("x-"), "en", unique("team-"));
        String token = token(sentSurvey(c));

        List<CompletableFuture<Integer>> posts = List.of(7, 2).stream()
                .map(score -> CompletableFuture.supplyAsync(() -> given().formParam("score", score.toString())
                        .when().post(pages + token).then().extract().statusCode()))
                .toList();
        List<Integer> statuses = posts.stream().map(CompletableFuture::join).sorted().toList();

        assertThat(statuses).containsExactly(200, 409);
        ConsumerRecord<String, String> answered = awaitOne(Topics.SURVEYS, c.caseId(), EventTypes.SURVEY_ANSWERED);
        Map<String, Object> stored = awaitState(c.caseId(), "answered");
        assertThat(stored.get("score")).isEqualTo(TestEvents.payload(answered, SurveyAnswered.class).score());
        assertThat(all(Topics.SURVEYS, c.caseId(), EventTypes.SURVEY_ANSWERED, Duration.ofSeconds(1))).hasSize(1);
    }

    static String sentSurveyId(CaseResolved c) {
        return (String) awaitState(c.caseId(), "sent").get("id");
    }
}
