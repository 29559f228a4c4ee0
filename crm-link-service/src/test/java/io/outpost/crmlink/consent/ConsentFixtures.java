package io.outpost.crmlink.consent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.crmlink.Posts;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Identities, customers and consent requests for the consent flow tests, through the real API and Kafka. */
final class ConsentFixtures {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Pattern PAGE_LINK = Pattern.compile("https?://[^ ]+/consent/([A-Za-z0-9_.-]+)");

    /** A social identity as learned from posts. */
    record Identity(UUID id, String platformUserId, String handle) {
    }

    /** A request as created, with the DM that carried it. */
    record Sent(String requestId, JsonPath view, OutboundRequested dm, String token) {
    }

    private ConsentFixtures() {
    }

    /** Written directly: these tests are about consent, not learning from posts. */
    static Identity identity(Pool pool) {
        UUID id = UUID.randomUUID();
        String user = Posts.unique("u");
        String handle = "dana_" + user.substring(1, 7);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        pool.preparedQuery("insert into social_identity (id, channel, platform_user_id, handle, display_name, first_seen_at, "
                + "last_seen_at, post_count, learned_at) values ($1, 'x', $2, $3, 'Dana', $4, $4, 1, $4)")
                .execute(Tuple.of(id, user, handle, now)).await().atMost(WAIT);
        return new Identity(id, user, handle);
    }

    static String customer() {
        String id = Posts.unique("crm-");
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("givenName", "Dana", "familyName", "Krause", "emails", List.of("dana@example.com")))
                .when().put("/api/v1/customers/" + id).then().statusCode(200);
        return id;
    }

    static Map<String, Object> body(Identity who, String customer, String... purposes) {
        Map<String, Object> body = new HashMap<>();
        body.put("identityId", who.id().toString());
        body.put("purposes", List.of(purposes));
        if (customer != null) {
            body.put("customerId", customer);
        }
        body.put("reason", "customer asked about their invoice in a DM");
        return body;
    }

    /** Asks for consent as an agent and reads the DM off outpost.outbound (checked against its schema). */
    static Sent request(Identity who, String customer, String... purposes) {
        JsonPath view = given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON)
                .body(body(who, customer, purposes)).when().post("/api/v1/consent-requests")
                .then().statusCode(201).extract().jsonPath();
        String messageId = view.getString("messageId");
        List<ConsumerRecord<String, String>> found = TestEvents.awaitContaining(Topics.OUTBOUND, messageId, WAIT);
        assertThat(found).as("the consent DM %s on %s", messageId, Topics.OUTBOUND).hasSize(1);
        ConsumerRecord<String, String> record = found.get(0);
        ContractCheck.assertConforms(record);
        assertThat(TestEvents.header(record, "ce_type")).hasValue(EventTypes.OUTBOUND_REQUESTED);
        OutboundRequested dm = TestEvents.payload(record, OutboundRequested.class);
        Matcher m = PAGE_LINK.matcher(dm.text());
        assertThat(m.find()).as("a page link in %s", dm.text()).isTrue();
        return new Sent(view.getString("id"), view, dm, m.group(1));
    }

    /**
     * The same token with the signature's first character changed (it carries six whole bits; the
     * last one would partly be padding, and changing it might not change the signature).
     */
    static String tampered(String token) {
        int i = token.indexOf('.') + 1;
        char c = token.charAt(i);
        return token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
    }
}
