package io.outpost.system;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.devstack.ChannelSandbox;
import io.outpost.devstack.LocalChannels;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One customer's whole conversation on X, as the suite's users meet it: the customer tweets at our
 * account (X webhook), case-service opens a case and routing-service assigns it, the agent replies
 * in public and the reply is delivered (channel sandbox), an admin links the customer to a CRM
 * record under a granted consent (case-service shows the CRM id), the agent resolves the case,
 * survey-service sends a survey by DM and the customer answers it on the survey page, then the
 * customer's consent is revoked (the CRM id leaves the case). Every step is one event type or more
 * on one topic or more: posts, cases, assignments, outbound, delivery, identity, surveys.
 */
final class CareConversation {

    /** Waits for one step of one conversation: long, because the suite may be draining a backlog. */
    static final Duration STEP_TIMEOUT = Duration.ofMinutes(Integer.getInteger("outpost.system.step-timeout-minutes", 3));
    private static final Pattern SURVEY_LINK = Pattern.compile("https?://[^\\s]+/s/[A-Za-z0-9._~%-]+");
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    final String customerId;
    final String handle;
    final String tweetId;
    final String crmCustomerId;
    String caseId;
    String identityId;
    String replyId;

    private final RunningSuite suite;
    /** The token of the agent the case is assigned to (agents act only on their own cases). */
    private String agentToken;

    CareConversation(RunningSuite suite, String agentUsername) {
        this.suite = suite;
        long n = IDS.incrementAndGet();
        this.customerId = Long.toString(n);
        this.handle = "care" + n;
        this.tweetId = Long.toString(n * 10 + 7);
        this.crmCustomerId = "crm-" + n;
        this.agentToken = suite.token(agentUsername, "agent");
    }

    /** The whole conversation, step after step; each step waits for its effect. */
    void runAll() throws InterruptedException {
        tweet();
        awaitAssignedCase();
        replyAndAwaitDelivery();
        linkAndAwaitOnCase();
        resolve();
        answerSurvey();
        revoke();
        awaitCrmIdOnCase(null);
    }

    /**
     * Makes the local X account (sandbox credentials) the oldest X account again, the one ingest-service sends
     * replies and DMs with: the bad-input sweep replaces it with a valid-looking body (PUT on a real id), after
     * which every send fails with "no credentials".
     */
    static synchronized void restoreSandboxXAccount(RunningSuite suite) {
        String accounts = suite.url("ingest-service") + "/api/v1/channel-accounts";
        String admin = suite.token("admin");
        JsonNode items = SuiteApi.get(accounts + "?channel=x&limit=200", admin).require(200).json().path("items");
        JsonNode oldest = items.get(0);
        if (oldest != null && LocalChannels.X_ACCOUNT_ID.equals(oldest.path("platformAccountId").asText())
                && LocalChannels.X_CREDENTIALS_REF.equals(oldest.path("credentialsRef").asText())) {
            return;
        }
        if (oldest == null) {
            try {
                LocalChannels.register(suite.url("ingest-service"), admin);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return;
        }
        for (JsonNode item : items) {
            if (LocalChannels.X_ACCOUNT_ID.equals(item.path("platformAccountId").asText())
                    && !item.path("id").asText().equals(oldest.path("id").asText())) {
                SuiteApi.call("DELETE", accounts + "/" + item.path("id").asText(), admin, null, null).require(200, 204);
            }
        }
        System.out.printf("restoring the local X account as the oldest X account (it was replaced: %s)%n", oldest);
        SuiteApi.json("PUT", accounts + "/" + oldest.path("id").asText(), admin, Map.of("channel", "x", "platformAccountId",
                LocalChannels.X_ACCOUNT_ID, "handle", "OutpostLocal", "displayName", "Outpost Local Support", "credentialsRef",
                LocalChannels.X_CREDENTIALS_REF)).require(200);
    }

    /** {@code count} whole conversations, four at a time, on threads of their own. */
    static java.util.concurrent.CompletableFuture<List<CareConversation>> runMany(RunningSuite suite, int count) {
        restoreSandboxXAccount(suite);
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> Exchanges.runAll(
                java.util.Collections.<java.util.concurrent.Callable<CareConversation>>nCopies(count, () -> {
                    CareConversation conversation = new CareConversation(suite, "care-agent");
                    conversation.runAll();
                    return conversation;
                }), 4));
    }

    void tweet() {
        Instant at = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        byte[] body = Mutations.bytes(PlatformDeliveries.tweetCreate(LocalChannels.X_ACCOUNT_ID, PlatformDeliveries.tweet(tweetId,
                customerId, handle, "@OutpostLocal I was charged twice for my October invoice, order " + customerId, at, null)));
        SuiteApi.signed(suite.url("ingest-service") + "/webhooks/x", body, Map.of("Content-Type", "application/json",
                PlatformDeliveries.X_SIGNATURE, PlatformDeliveries.xSignature(suite.xConsumerSecret, body))).require(200);
    }

    void awaitAssignedCase() throws InterruptedException {
        String url = suite.url("case-service") + "/api/v1/cases?channel=x&postExternalId=" + tweetId;
        require(Progress.until(() -> {
            JsonNode items = SuiteApi.get(url, suite.token("supervisor")).require(200).json().path("items");
            if (items.size() == 1 && items.get(0).path("assignee").hasNonNull("id")) {
                caseId = items.get(0).path("id").asText();
                // Whoever routing chose answers: agents see and act on their own cases only.
                String assigned = items.get(0).path("assignee").path("username").asText(null);
                if (assigned != null) {
                    agentToken = suite.token(assigned, "agent");
                }
                return true;
            }
            return false;
        }, STEP_TIMEOUT, 200), () -> "case of tweet " + tweetId + " assigned; " + whereTheTweetIs());
    }

    /**
     * Where the tweet is along the chain, read from each service's database, for a failure message:
     * stored by ingest (hidden?), filed by case-service (its case's status, hidden, assignee), a routing
     * task for that case (status). A conversation that stalls says at which hop.
     */
    String whereTheTweetIs() {
        StringBuilder s = new StringBuilder("tweet " + tweetId + ":");
        String caseOfTweet = null;
        try (java.sql.Connection db = suite.database("ingest-service");
                java.sql.PreparedStatement q = db.prepareStatement(
                        "select hidden_reason from post where channel = 'x' and external_id = ?")) {
            q.setString(1, tweetId);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                s.append(rs.next() ? " in ingest-service" + (rs.getString(1) == null ? "" : " hidden (" + rs.getString(1) + ")")
                        : " not in ingest-service");
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            s.append(" ingest-service unreadable (").append(e.getMessage()).append(')');
        }
        try (java.sql.Connection db = suite.database("case-service");
                java.sql.PreparedStatement q = db.prepareStatement("select c.id, c.status, c.hidden_reason, c.assignee_id"
                        + " from case_post p join customer_case c on c.id = p.case_id where p.channel = 'x' and p.external_id = ?")) {
            q.setString(1, tweetId);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    caseOfTweet = rs.getString(1);
                    s.append("; case ").append(caseOfTweet).append(' ').append(rs.getString(2))
                            .append(rs.getString(3) == null ? "" : " hidden (" + rs.getString(3) + ")")
                            .append(rs.getString(4) == null ? " unassigned" : " assigned to " + rs.getString(4));
                } else {
                    s.append("; in no case of case-service");
                }
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            s.append("; case-service unreadable (").append(e.getMessage()).append(')');
        }
        if (caseOfTweet != null) {
            try (java.sql.Connection db = suite.database("routing-service");
                    java.sql.PreparedStatement q = db.prepareStatement(
                            "select status, enqueued_at, last_attempt_at from routing_task where case_id = ?::uuid")) {
                q.setString(1, caseOfTweet);
                try (java.sql.ResultSet rs = q.executeQuery()) {
                    s.append(rs.next() ? "; routing task " + rs.getString(1) + " (enqueued " + rs.getTimestamp(2).toInstant()
                            + ", last attempt " + rs.getTimestamp(3).toInstant() + ")" : "; no routing task");
                }
                s.append(PostTraffic.agentsOn(db, "x"));
            } catch (java.sql.SQLException | RuntimeException e) {
                s.append("; routing-service unreadable (").append(e.getMessage()).append(')');
            }
        }
        return s.toString();
    }

    void replyAndAwaitDelivery() throws InterruptedException {
        replyId = SuiteApi.json("POST", caseUrl() + "/replies", agentToken,
                Map.of("text", "Sorry about that! We refunded the second charge today.", "visibility", "public"))
                .require(201).json().path("id").asText();
        require(Progress.until(() -> timeline().stream().anyMatch(e -> "reply".equals(e.path("type").asText())
                && replyId.equals(e.path("reply").path("id").asText()) && "delivered".equals(e.path("reply").path("status").asText())),
                STEP_TIMEOUT, 200), "reply " + replyId + " delivered");
    }

    /** crm-link-service learned the identity from the tweet; an admin links it to a CRM record under consent. */
    void linkAndAwaitOnCase() throws InterruptedException {
        String crm = suite.url("crm-link-service");
        String admin = suite.token("admin");
        require(Progress.until(() -> {
            JsonNode items = SuiteApi.get(crm + "/api/v1/identities?channel=x&handle=" + handle, admin).require(200).json()
                    .path("items");
            if (items.size() == 1) {
                identityId = items.get(0).path("id").asText();
                return true;
            }
            return false;
        }, STEP_TIMEOUT, 200), "identity of @" + handle);
        SuiteApi.json("PUT", crm + "/api/v1/customers/" + crmCustomerId, admin, Map.of("givenName", "Dana",
                "familyName", "Kim" + customerId, "emails", List.of(handle + "@example.com"))).require(200, 201);
        SuiteApi.json("PUT", consentUrl(), admin, Map.of("decision", "grant", "evidence", Map.of("source", "admin-action",
                "note", "customer agreed on the phone", "textVersion", "2026-11"))).require(200, 201);
        SuiteApi.json("POST", crm + "/api/v1/links", admin, Map.of("identityId", identityId, "customerId", crmCustomerId,
                "status", "confirmed")).require(201);
        awaitCrmIdOnCase(crmCustomerId);
    }

    void revoke() {
        SuiteApi.json("PUT", consentUrl(), suite.token("admin"), Map.of("decision", "revoke", "evidence",
                Map.of("source", "admin-action", "note", "customer withdrew on the phone"), "reason", "customer asked"))
                .require(200);
    }

    String crmIdOnCase() {
        JsonNode id = SuiteApi.get(caseUrl(), suite.token("supervisor")).require(200).json().path("crmCustomerId");
        return id.isNull() || id.isMissingNode() ? null : id.asText();
    }

    void awaitCrmIdOnCase(String expected) throws InterruptedException {
        require(Progress.until(() -> java.util.Objects.equals(expected, crmIdOnCase()), STEP_TIMEOUT, 100),
                "crmCustomerId " + expected + " on case " + caseId);
    }

    void resolve() {
        SuiteApi.json("PATCH", caseUrl(), agentToken, Map.of("status", "resolved")).require(200);
    }

    /** survey-service's invitation reached the customer by DM; the customer opens the link and answers. */
    void answerSurvey() throws InterruptedException {
        answerSurveyOnItsPage(suite, customerId, caseUrl(), "quick refund");
    }

    /**
     * The survey invitation that survey-service sent a customer by DM (in the channel sandbox), its link
     * opened and answered with a 9 and {@code comment}; returns once the case's timeline shows the answer.
     * Shared by every system test that walks a conversation to its survey.
     */
    static void answerSurveyOnItsPage(RunningSuite suite, String customerId, String caseUrl, String comment)
            throws InterruptedException {
        String[] link = new String[1];
        require(Progress.until(() -> {
            Optional<ChannelSandbox.Received> dm = suite.sandbox.received().stream()
                    .filter(m -> "direct-message".equals(m.kind()) && customerId.equals(m.target())).findFirst();
            if (dm.isPresent()) {
                Matcher m = SURVEY_LINK.matcher(dm.get().text());
                if (m.find()) {
                    link[0] = m.group();
                    return true;
                }
            }
            return false;
        }, STEP_TIMEOUT, 200), "survey invitation DM to " + customerId);
        SuiteApi.call("POST", link[0], null, "application/x-www-form-urlencoded", "score=9&comment="
                + URLEncoder.encode(comment, StandardCharsets.UTF_8)).require(200, 303);
        require(Progress.until(() -> timeline(suite, caseUrl).stream().anyMatch(e -> "survey-answered".equals(e.path("type").asText())),
                STEP_TIMEOUT, 200), "survey-answered on " + caseUrl);
    }

    List<JsonNode> timeline() {
        return timeline(suite, caseUrl());
    }

    /** A case's timeline entries, as a supervisor reads them. */
    static List<JsonNode> timeline(RunningSuite suite, String caseUrl) {
        List<JsonNode> entries = new java.util.ArrayList<>();
        SuiteApi.get(caseUrl + "/timeline", suite.token("supervisor")).require(200).json().path("entries").forEach(entries::add);
        return entries;
    }

    String caseUrl() {
        return suite.url("case-service") + "/api/v1/cases/" + caseId;
    }

    private String consentUrl() {
        return suite.url("crm-link-service") + "/api/v1/subjects/" + identityId + "/consents/identity-link";
    }

    private static void require(boolean done, String what) {
        if (!done) {
            throw new AssertionError("not seen within " + STEP_TIMEOUT.toMinutes() + " min: " + what);
        }
    }

    /** As {@link #require(boolean, String)}, with a description computed only when the step failed. */
    private static void require(boolean done, java.util.function.Supplier<String> what) {
        if (!done) {
            require(false, what.get());
        }
    }
}
