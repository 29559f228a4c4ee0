package io.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Consent revocation, timed (issue 9, target under 5 s): a customer's X account is linked to a
 * CRM record under a granted identity-link consent; case-service shows the CRM id on the case and
 * survey-service holds the link (it counts linked accounts as one person). Then the consent is
 * revoked at crm-link-service, and the clock runs until the case no longer shows the CRM id and
 * survey-service's link row is gone. Revocations are timed one at a time on an otherwise quiet suite.
 */
@Order(8)
class ConsentRevocationTest {

    static final int SUBJECTS = Integer.getInteger("outpost.system.consent-subjects", 20);
    static final Duration TARGET = Duration.ofSeconds(5);
    /** How long one revocation is watched before it counts as not propagated. */
    static final Duration WATCH = Duration.ofSeconds(60);

    static RunningSuite suite;

    @BeforeAll
    static void start() {
        suite = RunningSuite.get();
    }

    @Test
    void revokingConsentRemovesTheCrmDataFromCaseAndSurveyServiceWithinFiveSeconds() throws Exception {
        AgentPool.addCapacity(suite, "x", SUBJECTS + 100);
        List<CareConversation> linked = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CareConversation>> setting = new ArrayList<>();
            for (int i = 0; i < SUBJECTS; i++) {
                setting.add(pool.submit(() -> {
                    CareConversation c = new CareConversation(suite, "consent-agent");
                    c.tweet();
                    c.awaitAssignedCase();
                    c.linkAndAwaitOnCase();
                    if (!Progress.until(() -> surveyLinked(c), CareConversation.STEP_TIMEOUT, 100)) {
                        throw new AssertionError("survey-service never held the link of " + c.customerId);
                    }
                    return c;
                }));
            }
            for (Future<CareConversation> f : setting) {
                linked.add(f.get());
            }
        } finally {
            pool.shutdown();
        }

        List<Long> caseMillis = new ArrayList<>();
        List<Long> surveyMillis = new ArrayList<>();
        List<Long> bothMillis = new ArrayList<>();
        for (CareConversation c : linked) {
            long revoked = System.nanoTime();
            c.revoke();
            long caseGone = -1;
            long surveyGone = -1;
            long deadline = revoked + WATCH.toNanos();
            while ((caseGone < 0 || surveyGone < 0) && System.nanoTime() < deadline) {
                if (caseGone < 0 && c.crmIdOnCase() == null) {
                    caseGone = System.nanoTime() - revoked;
                }
                if (surveyGone < 0 && !surveyLinked(c)) {
                    surveyGone = System.nanoTime() - revoked;
                }
                Thread.sleep(20);
            }
            caseMillis.add(caseGone < 0 ? Long.MAX_VALUE : caseGone / 1_000_000);
            surveyMillis.add(surveyGone < 0 ? Long.MAX_VALUE : surveyGone / 1_000_000);
            bothMillis.add(caseGone < 0 || surveyGone < 0 ? Long.MAX_VALUE : Math.max(caseGone, surveyGone) / 1_000_000);
        }
        System.out.printf("consent revocation -> CRM data gone (%s, %d cores, %d subjects, one at a time, polled every 20 ms):"
                + " case-service %s; survey-service %s; both %s (target under %d ms)%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), SUBJECTS, RawKafkaBaseline.summary(caseMillis),
                RawKafkaBaseline.summary(surveyMillis), RawKafkaBaseline.summary(bothMillis), TARGET.toMillis());

        assertThat(bothMillis).as("milliseconds from revocation to the CRM data gone from case- and survey-service")
                .allMatch(ms -> ms < TARGET.toMillis());
    }

    private static boolean surveyLinked(CareConversation c) throws Exception {
        try (Connection db = suite.database("survey-service");
                PreparedStatement q = db.prepareStatement("select 1 from identity_link where channel = 'x' and platform_user_id = ?")) {
            q.setString(1, c.customerId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }
}
