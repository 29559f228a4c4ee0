package io.outpost.console.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.time.Instant;

/**
 * crm-link-service's admin and consent answers for the browser test, shaped like its API (see
 * crm-link-service's README): identities, links, consents, candidates, audit, verification, erasure,
 * and the agent's identity look-up and consent request.
 */
final class AdminStubs {

    static final String IDENTITY = "1d000000-0000-4000-8000-000000000001";
    static final String LINK = "11000000-0000-4000-8000-000000000001";
    static final String LINK_2 = "11000000-0000-4000-8000-000000000002";
    static final String REFUSED_CUSTOMER = "CUST-NO-CONSENT";
    static final String PROBLEM = "application/problem+json";

    private AdminStubs() {
    }

    static void identities(WireMockServer s) {
        Instant t = Instant.now().minusSeconds(3600);
        s.stubFor(get(urlPathEqualTo("/api/v1/identities")).willReturn(okJson("{\"items\":["
                + identity(IDENTITY, "dana_k", "Dana", "u-dana", t) + ","
                + identity("1d000000-0000-4000-8000-000000000002", "lee", null, "u-lee", t.minusSeconds(600))
                + "],\"nextCursor\":\"bmV4dA\"}")));
    }

    static String identity(String id, String handle, String name, String user, Instant seen) {
        return "{\"id\":\"" + id + "\",\"channel\":\"x\",\"platformUserId\":\"" + user + "\",\"handle\":\"" + handle + "\","
                + (name == null ? "" : "\"displayName\":\"" + name + "\",") + "\"firstSeenAt\":\"" + seen.minusSeconds(86400)
                + "\",\"lastSeenAt\":\"" + seen + "\",\"postCount\":4}";
    }

    static void identity(WireMockServer s) {
        Instant t = Instant.now().minusSeconds(7200);
        s.stubFor(get(urlPathEqualTo("/api/v1/identities/" + IDENTITY)).willReturn(okJson(
                identity(IDENTITY, "dana_k", "Dana", "u-dana", t).replace("}", ",\"handleHistory\":[{\"oldHandle\":\"dana\","
                        + "\"newHandle\":\"dana_k\",\"changedAt\":\"" + t.minusSeconds(3600) + "\"}]}"))));
        s.stubFor(get(urlPathEqualTo("/api/v1/subjects/" + IDENTITY + "/consents")).willReturn(okJson("[{\"purpose\":"
                + "\"identity-link\",\"status\":\"granted\",\"grantedAt\":\"" + t + "\",\"expiresAt\":\"" + t.plusSeconds(63_072_000)
                + "\",\"decidedAt\":\"" + t + "\"},{\"purpose\":\"surveys\",\"status\":\"denied\",\"decidedAt\":\"" + t + "\"}]")));
        s.stubFor(get(urlPathEqualTo("/api/v1/links")).withQueryParam("identityId", equalTo(IDENTITY)).willReturn(okJson(
                "[{\"id\":\"" + LINK + "\",\"identityId\":\"" + IDENTITY + "\",\"customerId\":\"CUST-42\",\"status\":\"confirmed\","
                        + "\"createdAt\":\"" + t + "\",\"createdBy\":\"customer\",\"confirmedAt\":\"" + t + "\",\"confirmedBy\":\"customer\"}]")));
        s.stubFor(post(urlPathEqualTo("/api/v1/links")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"" + LINK_2
                        + "\",\"identityId\":\"" + IDENTITY + "\",\"customerId\":\"CUST-77\",\"status\":\"confirmed\"}")));
        s.stubFor(post(urlPathEqualTo("/api/v1/links")).withRequestBody(WireMock.containing(REFUSED_CUSTOMER))
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", PROBLEM).withBody("{\"status\":422,"
                        + "\"title\":\"Unprocessable\",\"detail\":\"no granted identity-link consent for " + IDENTITY + "\"}")));
        s.stubFor(delete(urlPathEqualTo("/api/v1/links/" + LINK)).willReturn(okJson("{\"id\":\"" + LINK + "\",\"identityId\":\""
                + IDENTITY + "\",\"customerId\":\"CUST-42\",\"status\":\"removed\",\"removalReason\":\"admin\"}")));
        s.stubFor(get(urlPathEqualTo("/api/v1/identities/" + IDENTITY + "/match-candidates")).willReturn(okJson(
                "{\"evaluationId\":\"e0000000-0000-4000-8000-000000000001\",\"identityId\":\"" + IDENTITY + "\",\"candidates\":["
                        + "{\"customerId\":\"CUST-42\",\"score\":21.5,\"level\":\"CONFIRMABLE_WITH_CONSENT\",\"evidence\":[]}]}")));
    }

    /** The links once CUST-42 was removed and CUST-77 confirmed. */
    static void linksAfterRemoval(WireMockServer s) {
        Instant t = Instant.now().minusSeconds(60);
        s.stubFor(get(urlPathEqualTo("/api/v1/links")).withQueryParam("identityId", equalTo(IDENTITY)).willReturn(okJson(
                "[{\"id\":\"" + LINK_2 + "\",\"identityId\":\"" + IDENTITY + "\",\"customerId\":\"CUST-77\","
                        + "\"status\":\"confirmed\",\"createdAt\":\"" + t + "\",\"createdBy\":\"local-admin\",\"confirmedAt\":\"" + t
                        + "\",\"confirmedBy\":\"local-admin\"},{\"id\":\"" + LINK + "\",\"identityId\":\"" + IDENTITY + "\","
                        + "\"customerId\":\"CUST-42\",\"status\":\"removed\",\"createdAt\":\"" + t.minusSeconds(7200)
                        + "\",\"createdBy\":\"customer\",\"removedAt\":\"" + Instant.now() + "\",\"removalReason\":\"admin\"}]")));
    }

    static void auditAndErasure(WireMockServer s) {
        Instant t = Instant.now().minusSeconds(600);
        s.stubFor(get(urlPathEqualTo("/api/v1/audit")).willReturn(okJson("{\"items\":["
                + "{\"id\":\"a0000000-0000-4000-8000-000000000002\",\"at\":\"" + t + "\",\"actor\":\"local-admin\",\"action\":"
                + "\"link.removed\",\"subject\":\"" + IDENTITY + "\",\"reason\":\"wrong person\",\"evidence\":{\"customerId\":\"CUST-42\"}},"
                + "{\"id\":\"a0000000-0000-4000-8000-000000000001\",\"at\":\"" + t.minusSeconds(60) + "\",\"actor\":\"local-agent\","
                + "\"action\":\"consent.requested\",\"subject\":\"" + IDENTITY + "\",\"evidence\":{\"purposes\":\"identity-link\"}}"
                + "],\"nextCursor\":null}")));
        s.stubFor(get(urlPathEqualTo("/api/v1/audit/verification")).willReturn(okJson("{\"ok\":true,\"checked\":2,\"head\":"
                + "{\"position\":2,\"id\":\"a0000000-0000-4000-8000-000000000002\",\"at\":\"" + t + "\",\"hash\":\"ab12\",\"anchor\":\"2:ab12\"}}")));
        String erasure = "e5000000-0000-4000-8000-000000000001";
        String view = "{\"id\":\"" + erasure + "\",\"subject\":\"" + IDENTITY + "\",\"subjectKind\":\"identity\",\"requestedBy\":"
                + "\"local-admin\",\"requestedAt\":\"" + Instant.now() + "\",\"status\":\"pending\",\"confirmationsDueBy\":\""
                + Instant.now().plusSeconds(86400) + "\",\"services\":[{\"service\":\"case-service\",\"state\":\"pending\"},"
                + "{\"service\":\"survey-service\",\"state\":\"confirmed\",\"confirmedAt\":\"" + Instant.now() + "\",\"recordsAffected\":3}]}";
        s.stubFor(post(urlPathEqualTo("/api/v1/subjects/" + IDENTITY + "/erasure")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody(view)));
        s.stubFor(get(urlPathEqualTo("/api/v1/erasures/" + erasure)).willReturn(okJson(view)));
    }

    /** GET /api/v1/identities/lookup with the identity-link purpose in {@code status} and a pending request at {@code pendingAt}. */
    static void lookup(WireMockServer s, String status, Instant pendingAt) {
        String decided = "none".equals(status) ? "" : ",\"decidedAt\":\"" + Instant.now().minusSeconds(300) + "\"";
        s.stubFor(get(urlPathEqualTo("/api/v1/identities/lookup")).willReturn(okJson("{\"identityId\":\"" + IDENTITY
                + "\",\"consentedLink\":" + "granted".equals(status) + ",\"consents\":[{\"purpose\":\"identity-link\",\"status\":\""
                + status + "\"" + decided + "},{\"purpose\":\"personalization\",\"status\":\"none\"},{\"purpose\":\"surveys\","
                + "\"status\":\"none\"}],\"pendingRequest\":" + (pendingAt == null ? "null" : "{\"id\":\"c0000000-0000-4000-8000-"
                + "000000000001\",\"purposes\":[\"identity-link\"],\"requestedAt\":\"" + pendingAt + "\"}") + "}")));
    }

    /** An agent's case whose customer is not asked yet; crm-link's consent request answers {@code requestStatus}. */
    static void consentCase(WireMockServer s, String caseId, int requestStatus) {
        Instant t0 = Instant.now().minusSeconds(900);
        s.stubFor(get(urlPathEqualTo("/api/v1/cases/" + caseId)).willReturn(okJson("{\"id\":\"" + caseId + "\",\"status\":\"open\","
                + "\"channel\":\"x\",\"visibility\":\"private\",\"customer\":{\"platformUserId\":\"u-sam\",\"handle\":\"sam_r\","
                + "\"displayName\":\"Sam\"},\"openedAt\":\"" + t0 + "\",\"priority\":3,\"intent\":\"billing\",\"language\":\"en\","
                + "\"sla\":[],\"posts\":[]}")));
        s.stubFor(get(urlPathEqualTo("/api/v1/cases/" + caseId + "/timeline")).willReturn(okJson("{\"caseId\":\"" + caseId
                + "\",\"entries\":[{\"type\":\"post\",\"at\":\"" + t0 + "\",\"post\":{\"id\":\"" + java.util.UUID.randomUUID()
                + "\",\"from\":\"customer\",\"author\":{\"handle\":\"sam_r\",\"displayName\":\"Sam\"},\"text\":\"Why was I charged "
                + "twice? My account is 88-1234\",\"visibility\":\"private\"}}]}")));
        lookup(s, "none", null);
        s.stubFor(post(urlPathEqualTo("/api/v1/consent-requests")).willReturn(requestStatus == 201
                ? aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":\"c0000000-0000-4000-"
                        + "8000-000000000002\",\"identityId\":\"" + IDENTITY + "\",\"purposes\":[\"identity-link\"],\"requestedAt\":\""
                        + Instant.now() + "\",\"linkExpiresAt\":\"" + Instant.now().plusSeconds(604800) + "\",\"status\":\"pending\"}")
                : aResponse().withStatus(requestStatus).withHeader("Content-Type", PROBLEM).withBody("{\"status\":" + requestStatus
                        + ",\"title\":\"Service unavailable\",\"detail\":\"consent links are not configured "
                        + "(outpost.crm-link.consent.link-secret)\"}")));
    }
}
