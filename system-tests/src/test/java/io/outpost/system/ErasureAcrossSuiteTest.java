package io.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outpost.devstack.LocalChannels;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Erasure across the whole suite, as a person meets it (issue 16 §3): a customer tweets at us and
 * follows up, case-service opens a case and routing-service assigns it, the agent answers in public
 * and the reply is delivered, an admin links the customer to a CRM record under a granted consent,
 * the case is resolved and the customer answers the survey. Then an admin asks crm-link-service to
 * erase the person; every other service confirms by itself (nothing here fakes a confirmation),
 * the erasure shows each confirmation with its time, and afterwards no table of any service's
 * database holds the person's data in clear.
 *
 * <p>The person's data, searched case-insensitively in every row of every table: their platform
 * user id, handle and display name; their own texts (both tweets, the survey comment); the text
 * our agent wrote to them (the public reply, about their order); and what the CRM record held
 * (name, email). Every value is unique to this run, so nothing else the suite wrote matches. Kept,
 * by design, and so not searched: ids that are not the person's (the tweet's id, the case id, the
 * identity's and the CRM record's ids in the append-only audit log) and the audit facts.
 */
@Order(8)
class ErasureAcrossSuiteTest {

    static final Duration STEP = CareConversation.STEP_TIMEOUT;
    static final List<String> OTHER_SERVICES = List.of("ingest-service", "case-service", "routing-service", "survey-service");
    private static final SecureRandom RANDOM = new SecureRandom();

    static RunningSuite suite;

    @BeforeAll
    static void start() {
        suite = RunningSuite.get();
    }

    static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String digits(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(RANDOM.nextInt(10));
        }
        return s.toString();
    }

    /** One person, every value of theirs unique to this run. */
    static final class Person {
        final String platformUserId = "7" + digits(17);
        final String handle = "dsr" + hex(5);
        final String displayName = "Philippa Q" + hex(4);
        final String tweetId = "1" + digits(18);
        final String followUpId = "1" + digits(18);
        final String tweetText = "@OutpostLocal parcel " + hex(4) + " arrived crushed and the lid is missing";
        final String followUpText = "@OutpostLocal also the invoice " + hex(4) + " shows the wrong address";
        final String replyText = "So sorry about parcel damage ref " + hex(4) + ", a replacement ships today.";
        final String surveyComment = "quick replacement thanks " + hex(4);
        final String crmCustomerId = "crm-dsr-" + hex(4);
        final String crmFamilyName = "Quill" + hex(4);
        final String crmEmail = "p.q" + hex(4) + "@example.com";
        String identityId;
        String caseId;
        String agentToken;

        /** Each of the person's values, by what it is. */
        Map<String, String> personalValues() {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("platform user id", platformUserId);
            values.put("handle", handle);
            values.put("display name", displayName);
            values.put("tweet text", tweetText);
            values.put("follow-up text", followUpText);
            values.put("reply text (to them)", replyText);
            values.put("survey comment", surveyComment);
            values.put("CRM family name", crmFamilyName);
            values.put("CRM email", crmEmail);
            return values;
        }
    }

    @Test
    void erasureRemovesThePersonFromEveryServiceAndEveryServiceConfirmsIt() throws Exception {
        CareConversation.restoreSandboxXAccount(suite);
        AgentPool.addCapacity(suite, "x", 1);
        Person p = new Person();
        String admin = suite.token("admin");
        String crm = suite.url("crm-link-service");

        // The customer tweets at us and follows up in the same thread.
        Instant at = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        tweet(p, p.tweetId, p.tweetText, at, null);
        tweet(p, p.followUpId, p.followUpText, at.plusSeconds(5), p.tweetId);

        // case-service opens a case, routing-service assigns it.
        String cases = suite.url("case-service") + "/api/v1/cases?channel=x&postExternalId=" + p.tweetId;
        require(Progress.until(() -> {
            JsonNode items = SuiteApi.get(cases, suite.token("supervisor")).require(200).json().path("items");
            if (items.size() == 1 && items.get(0).path("assignee").hasNonNull("id")) {
                p.caseId = items.get(0).path("id").asText();
                p.agentToken = suite.token(items.get(0).path("assignee").path("username").asText(), "agent");
                return true;
            }
            return false;
        }, STEP, 200), "case of tweet " + p.tweetId + " assigned");

        // The agent answers in public; the reply is delivered.
        String replyId = SuiteApi.json("POST", caseUrl(p) + "/replies", p.agentToken, Map.of("text", p.replyText,
                "visibility", "public")).require(201).json().path("id").asText();
        require(Progress.until(() -> timeline(p).stream().anyMatch(e -> "reply".equals(e.path("type").asText())
                && replyId.equals(e.path("reply").path("id").asText())
                && "delivered".equals(e.path("reply").path("status").asText())), STEP, 200), "reply delivered");

        // crm-link-service learned the identity from both posts; an admin links it to a CRM record under consent.
        require(Progress.until(() -> {
            JsonNode items = SuiteApi.get(crm + "/api/v1/identities?channel=x&handle=" + p.handle, admin).require(200).json()
                    .path("items");
            if (items.size() == 1 && items.get(0).path("postCount").asLong() == 2) {
                p.identityId = items.get(0).path("id").asText();
                return true;
            }
            return false;
        }, STEP, 200), "identity of @" + p.handle + " with both posts");
        SuiteApi.json("PUT", crm + "/api/v1/customers/" + p.crmCustomerId, admin, Map.of("givenName", "Philippa",
                "familyName", p.crmFamilyName, "emails", List.of(p.crmEmail))).require(200, 201);
        SuiteApi.json("PUT", crm + "/api/v1/subjects/" + p.identityId + "/consents/identity-link", admin, Map.of("decision",
                "grant", "evidence", Map.of("source", "admin-action", "note", "customer agreed on the phone",
                        "textVersion", "2026-11"))).require(200, 201);
        SuiteApi.json("POST", crm + "/api/v1/links", admin, Map.of("identityId", p.identityId, "customerId", p.crmCustomerId,
                "status", "confirmed")).require(201);
        require(Progress.until(() -> p.crmCustomerId.equals(SuiteApi.get(caseUrl(p), suite.token("supervisor")).require(200)
                .json().path("crmCustomerId").asText(null)), STEP, 100), "CRM id on the case");

        // Resolved; the survey arrives by DM and the customer answers it.
        SuiteApi.json("PATCH", caseUrl(p), p.agentToken, Map.of("status", "resolved")).require(200);
        CareConversation.answerSurveyOnItsPage(suite, p.platformUserId, caseUrl(p), p.surveyComment);

        // Before: the person's values are where a conversation puts them (the scan would find them).
        Map<String, TreeSet<String>> before = DatabaseScan.valuesFound(suite, List.copyOf(p.personalValues().values()));
        System.out.printf("erasure across the suite: before the erasure, the person's data is in %s%n", before);
        assertThat(before).as("the scan finds the person's values before the erasure")
                .containsKeys(p.platformUserId, p.handle, p.displayName, p.tweetText, p.surveyComment);

        // An admin asks for the erasure of the person (by the identity found under their handle).
        long requested = System.nanoTime();
        SuiteApi.Answer asked = SuiteApi.json("POST", crm + "/api/v1/subjects/" + p.identityId + "/erasure", admin,
                Map.of("reason", "data subject request DSR-" + hex(3))).require(202);
        String erasureId = asked.json().path("id").asText();
        assertThat(asked.json().path("local").path("identities").asInt()).isEqualTo(1);
        assertThat(asked.json().path("local").path("customerErased").asBoolean()).isTrue();

        // Every service confirms by itself.
        String status = crm + "/api/v1/erasures/" + erasureId;
        JsonNode[] last = new JsonNode[1];
        boolean complete = Progress.until(() -> {
            last[0] = SuiteApi.get(status, admin).require(200).json();
            return "complete".equals(last[0].path("status").asText());
        }, STEP, 200);
        long completeMillis = (System.nanoTime() - requested) / 1_000_000;
        JsonNode erasure = last[0];
        assertThat(complete).as("erasure %s complete within %s: %s", erasureId, STEP, erasure).isTrue();

        Instant requestedAt = Instant.parse(erasure.path("requestedAt").asText());
        StringBuilder times = new StringBuilder();
        Map<String, Instant> confirmedAt = new LinkedHashMap<>();
        for (JsonNode service : erasure.path("services")) {
            String name = service.path("service").asText();
            assertThat(service.path("state").asText()).as(name).isEqualTo("confirmed");
            assertThat(service.hasNonNull("confirmedAt")).as("%s confirmed with a time", name).isTrue();
            Instant when = Instant.parse(service.path("confirmedAt").asText());
            confirmedAt.put(name, when);
            times.append(String.format("%n  %-16s confirmed at %s (+%d ms), %d records", name, when,
                    Duration.between(requestedAt, when).toMillis(), service.path("recordsAffected").asInt()));
        }
        System.out.printf("erasure %s requested at %s; complete at %s, seen complete %d ms after the request;"
                + " crm-link-service itself: %d records at the request; confirmations:%s%n", erasureId, requestedAt,
                erasure.path("completedAt").asText(), completeMillis, erasure.path("local").path("recordsAffected").asInt(),
                times);
        assertThat(confirmedAt).as("each service's confirmation, with its time").containsOnlyKeys(OTHER_SERVICES);
        assertThat(confirmedAt.values()).allSatisfy(t -> assertThat(t).isAfterOrEqualTo(requestedAt.minusSeconds(5)));
        List<String> confirmationServices = new ArrayList<>();
        erasure.path("confirmations").forEach(c -> {
            assertThat(c.hasNonNull("confirmedAt")).as("confirmation %s has a time", c).isTrue();
            confirmationServices.add(c.path("service").asText());
        });
        assertThat(confirmationServices).containsExactlyInAnyOrderElementsOf(OTHER_SERVICES);
        assertThat(erasure.path("awaiting")).isEmpty();
        assertThat(erasure.path("overdue")).isEmpty();
        assertThat(erasure.hasNonNull("completedAt")).isTrue();

        // Afterwards: none of the person's values in clear in any table of any service's database.
        Map<String, String> values = p.personalValues();
        Map<String, TreeSet<String>> after = DatabaseScan.valuesFound(suite, List.copyOf(values.values()));
        Map<String, TreeSet<String>> byWhat = new LinkedHashMap<>();
        values.forEach((what, value) -> {
            if (after.containsKey(value)) {
                byWhat.put(what + " '" + value + "'", after.get(value));
            }
        });
        System.out.printf("erasure across the suite: after the erasure, %d of %d personal values found in clear: %s%n",
                byWhat.size(), values.size(), byWhat);
        // What stays by design (ids that are not the person's data), printed for the record.
        Map<String, TreeSet<String>> kept = DatabaseScan.valuesFound(suite, List.of(p.crmCustomerId, p.identityId, p.caseId,
                p.tweetId));
        System.out.printf("erasure across the suite: ids kept by design (CRM record id, identity id, case id, tweet id): %s%n",
                kept);
        assertThat(byWhat).as("the person's data in clear after the erasure (value -> service.table)").isEmpty();

        // The person is gone from crm-link-service: asking again finds nobody.
        SuiteApi.json("POST", crm + "/api/v1/subjects/" + p.identityId + "/erasure", admin, Map.of()).require(404);
    }

    private void tweet(Person p, String id, String text, Instant at, String inReplyTo) {
        ObjectNode tweet = PlatformDeliveries.tweet(id, p.platformUserId, p.handle, text, at, inReplyTo);
        ((ObjectNode) tweet.get("user")).put("name", p.displayName);
        byte[] body = Mutations.bytes(PlatformDeliveries.tweetCreate(LocalChannels.X_ACCOUNT_ID, tweet));
        SuiteApi.signed(suite.url("ingest-service") + "/webhooks/x", body, Map.of("Content-Type", "application/json",
                PlatformDeliveries.X_SIGNATURE, PlatformDeliveries.xSignature(suite.xConsumerSecret, body))).require(200);
    }

    private List<JsonNode> timeline(Person p) {
        return CareConversation.timeline(suite, caseUrl(p));
    }

    private String caseUrl(Person p) {
        return suite.url("case-service") + "/api/v1/cases/" + p.caseId;
    }

    private static void require(boolean done, String what) {
        if (!done) {
            throw new AssertionError("not seen within " + STEP.toMinutes() + " min: " + what);
        }
    }
}
