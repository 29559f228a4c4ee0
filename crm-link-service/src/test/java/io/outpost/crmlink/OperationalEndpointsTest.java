package io.outpost.crmlink;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class OperationalEndpointsTest {

    @ParameterizedTest
    @ValueSource(strings = { "/q/health/live", "/q/health/ready", "/q/openapi", "/q/metrics" })
    void operationalEndpointsAnswer(String path) {
        given().when().get(path).then().statusCode(200);
    }

    @Test
    void theOpenApiDocumentNamesTheServiceAndItsEndpoints() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("Outpost crm-link-service"))
                .body(containsString("/api/v1/identities/{id}"))
                .body(containsString("/api/v1/delivery-outcomes"))
                .body(containsString("/api/v1/subjects/{identityId}/consents/{purpose}"))
                .body(containsString("/api/v1/links/{id}"))
                .body(containsString("/api/v1/audit"));
    }
}
