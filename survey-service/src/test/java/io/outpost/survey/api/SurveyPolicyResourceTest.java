package io.outpost.survey.api;

import io.outpost.devstack.LocalTokens;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SurveyPolicyResourceTest {

    static final String PATH = "/api/v1/survey-policy";

    @Test
    void theDefaultsAreThePractitionersAdvice() {
        given().auth().oauth2(TestTokens.supervisor())
                .when().get(PATH)
                .then().statusCode(200)
                .body("delayAfterResolution", is("PT1H"))
                .body("responseWindow", is("PT168H"))
                .body("samplingRate", equalTo(1.0f))
                .body("fatigue.perPerson.max", is(1))
                .body("fatigue.perPerson.window", is("PT720H"))
                .body("fatigue.perXRecipient.max", is(1))
                .body("fatigue.perXRecipient.window", is("PT24H"));
    }

    @Test
    void supervisorsAndAdminsMayReadThePolicy() {
        given().when().get(PATH).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(LocalTokens.foreignToken("mallory", "admin")).when().get(PATH).then().statusCode(401);
        for (String role : List.of("agent", "integration")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(PATH)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        for (String role : List.of("supervisor", "admin")) {
            given().auth().oauth2(TestTokens.forRole(role)).when().get(PATH).then().statusCode(200);
        }
    }
}
