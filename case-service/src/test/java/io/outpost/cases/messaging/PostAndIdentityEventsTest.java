package io.outpost.cases.messaging;

import static io.outpost.cases.CaseFixtures.T0;
import static io.outpost.cases.CaseFixtures.TIMEOUT;
import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitDetail;
import static io.outpost.cases.CaseFixtures.awaitEvents;
import static io.outpost.cases.CaseFixtures.customerPost;
import static io.outpost.cases.CaseFixtures.detail;
import static io.outpost.cases.CaseFixtures.publish;
import static io.outpost.cases.CaseFixtures.reply;
import static io.outpost.cases.CaseFixtures.timeline;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.ErasureConfirmed;
import io.outpost.contracts.events.ErasureRequested;
import io.outpost.contracts.events.LinkConfirmed;
import io.outpost.contracts.events.LinkRemoved;
import io.outpost.contracts.events.PostDeleted;
import io.outpost.contracts.events.PostEdited;
import io.outpost.contracts.events.PostIngested;
import io.outpost.contracts.events.SurveyAnswered;
import io.outpost.contracts.events.SurveySent;
import io.outpost.devstack.ContractCheck;
import io.outpost.devstack.TestEvents;
import io.outpost.devstack.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** post.deleted / post.edited from outpost.posts and the identity events from outpost.identity, on real Kafka. */
@QuarkusTest
class PostAndIdentityEventsTest {


    @Test
    void aDeletedPostIsMarkedLosesItsTextAndNoLongerWaitsForAnAnswer() {
        PostIngested post = customerPost(Channel.X, T0);
        publish(post);
        String caseId = awaitCaseOpenedBy(post);
        awaitDetail(caseId, "first response missed", d -> "breached".equals(
                d.getString("sla.find { it.target == 'first-response' }.state")));
        assertThat(CaseFixtures.missedAll()).anyMatch(m -> caseId.equals(m.get("caseId")));

        PostDeleted deleted = new PostDeleted(post.postId(), Channel.X, post.externalId(), post.conversationKey(),
                T0.plusSeconds(3600));
        String ceId = TestEvents.publish(Topics.POSTS, post.conversationKey(), EventTypes.POST_DELETED, deleted);
        JsonPath d = awaitDetail(caseId, "post deleted", j -> j.getString("posts[0].deletedAt") != null);
        assertThat(d.getString("posts[0].deletedAt")).isEqualTo(T0.plusSeconds(3600).toString());
        assertThat(d.getString("posts[0].text")).isEmpty();
        assertThat(CaseFixtures.missedAll()).as("nobody waits any more").noneMatch(m -> caseId.equals(m.get("caseId")));

        // The same event again, then an edit of the deleted post: neither changes anything.
        TestEvents.publishRaw(Topics.POSTS, post.conversationKey(), ceId, EventTypes.POST_DELETED, TestEvents.json(deleted));
        TestEvents.publish(Topics.POSTS, post.conversationKey(), EventTypes.POST_EDITED, new PostEdited(post.postId(),
                Channel.X, post.externalId(), post.conversationKey(), "resurrected", T0.plusSeconds(7200)));
        PostIngested barrier = reply(post, T0.plusSeconds(10), false);
        publish(barrier);
        awaitDetail(caseId, "barrier filed", j -> j.getList("posts").size() == 2);
        assertThat(detail(caseId).getString("posts[0].text")).isEmpty();
        assertThat(timeline(caseId).getList("entries.findAll { it.type == 'post-deleted' }")).hasSize(1);
        assertThat(timeline(caseId).getList("entries.findAll { it.type == 'post-edited' }")).isEmpty();
    }

    @Test
    void anEditReplacesTheTextAndOlderEditsAreIgnored() {
        PostIngested post = customerPost(Channel.FACEBOOK, T0);
        publish(post);
        String caseId = awaitCaseOpenedBy(post);
        TestEvents.publish(Topics.POSTS, post.conversationKey(), EventTypes.POST_EDITED, new PostEdited(post.postId(),
                Channel.FACEBOOK, post.externalId(), post.conversationKey(), "edited twice", T0.plusSeconds(120)));
        TestEvents.publish(Topics.POSTS, post.conversationKey(), EventTypes.POST_EDITED, new PostEdited(post.postId(),
                Channel.FACEBOOK, post.externalId(), post.conversationKey(), "edited once", T0.plusSeconds(60)));
        // An edit of a post we never filed is acknowledged and ignored.
        TestEvents.publish(Topics.POSTS, post.conversationKey(), EventTypes.POST_EDITED, new PostEdited(UUID.randomUUID(),
                Channel.FACEBOOK, "unknown-" + UUID.randomUUID(), post.conversationKey(), "?", T0));
        PostIngested barrier = reply(post, T0.plusSeconds(10), false);
        publish(barrier);
        JsonPath d = awaitDetail(caseId, "barrier filed", j -> j.getList("posts").size() == 2);
        assertThat(d.getString("posts[0].text")).isEqualTo("edited twice");
        assertThat(d.getString("posts[0].editedAt")).isEqualTo(T0.plusSeconds(120).toString());
        assertThat(timeline(caseId).getList("entries.findAll { it.type == 'post-edited' }")).hasSize(1);
    }

    @Test
    void aConsentedLinkShowsTheCrmCustomerUntilItIsRemoved() {
        PostIngested first = customerPost(Channel.INSTAGRAM, T0);
        publish(first);
        String caseId = awaitCaseOpenedBy(first);
        String user = first.author().platformUserId();
        UUID identityId = UUID.randomUUID();
        UUID linkId = UUID.randomUUID();
        LinkConfirmed confirmed = new LinkConfirmed(linkId, identityId, Channel.INSTAGRAM, user, "crm-4711", T0);
        String ceId = TestEvents.publish(Topics.IDENTITY, identityId.toString(), EventTypes.LINK_CONFIRMED, confirmed);
        awaitDetail(caseId, "linked", d -> "crm-4711".equals(d.getString("crmCustomerId")));

        // A case the same person opens later shows the customer too.
        PostIngested later = new PostIngested(UUID.randomUUID(), Channel.INSTAGRAM, "t-" + UUID.randomUUID(),
                "instagram:c-" + UUID.randomUUID(), first.author(), "again", T0.plusSeconds(60), Instant.now(), null,
                first.visibility(), false);
        publish(later);
        String laterCase = awaitCaseOpenedBy(later);
        assertThat(detail(laterCase).getString("crmCustomerId")).isEqualTo("crm-4711");

        TestEvents.publish(Topics.IDENTITY, identityId.toString(), EventTypes.LINK_REMOVED, new LinkRemoved(linkId,
                identityId, Channel.INSTAGRAM, user, "crm-4711", LinkRemoved.Reason.CONSENT_REVOKED, T0.plusSeconds(90)));
        // A redelivered confirmation (same event id) after the removal must not bring the customer back.
        TestEvents.publishRaw(Topics.IDENTITY, identityId.toString(), ceId, EventTypes.LINK_CONFIRMED,
                TestEvents.json(confirmed));
        // Other types on the topic are skipped, not dead-lettered.
        String consentMarker = "consent-" + UUID.randomUUID();
        TestEvents.publishRaw(Topics.IDENTITY, identityId.toString(), UUID.randomUUID().toString(),
                EventTypes.CONSENT_CHANGED, "{\"note\":\"" + consentMarker + "\"}");
        for (String id : List.of(caseId, laterCase)) {
            awaitDetail(id, "unlinked", d -> d.getString("crmCustomerId") == null);
        }
        assertThat(timeline(caseId).getString("entries.find { it.type == 'crm-unlinked' }.activity.detail"))
                .isEqualTo("consent-revoked");
        // Same key: once a later event is processed the redelivery was too.
        LinkConfirmed other = new LinkConfirmed(UUID.randomUUID(), identityId, Channel.INSTAGRAM, "u-" + UUID.randomUUID(),
                "crm-1", T0);
        TestEvents.publish(Topics.IDENTITY, identityId.toString(), EventTypes.LINK_CONFIRMED, other);
        awaitDetail(laterCase, "still unlinked", d -> d.getString("crmCustomerId") == null);
        assertThat(detail(caseId).getString("crmCustomerId")).isNull();
        assertThat(TestEvents.readToEnd(Topics.dlq(Topics.IDENTITY)).stream()
                .noneMatch(r -> r.value() != null && r.value().contains(consentMarker))).isTrue();
    }

    @Test
    void anErasureAnonymisesThePersonAndIsConfirmedOnce() {
        PostIngested first = customerPost(Channel.X, T0);
        publish(first);
        String caseId = awaitCaseOpenedBy(first);
        PostIngested again = reply(first, T0.plusSeconds(60), false);
        publish(new PostIngested(again.postId(), again.channel(), again.externalId(), again.conversationKey(),
                first.author(), "my card ends 4242", again.createdAt(), again.receivedAt(), again.inReplyToExternalId(),
                again.visibility(), false));
        awaitDetail(caseId, "two posts", d -> d.getList("posts").size() == 2);
        given().auth().oauth2(TestTokens.agent()).contentType(ContentType.JSON)
                .body(Map.of("text", "Dana called about the refund")).when().post("/api/v1/cases/" + caseId + "/notes")
                .then().statusCode(201);
        // Someone else's case stays as it is.
        PostIngested bystander = customerPost(Channel.X, T0);
        publish(bystander);
        String otherCase = awaitCaseOpenedBy(bystander);

        UUID erasureId = UUID.randomUUID();
        ErasureRequested request = new ErasureRequested(erasureId, null,
                List.of(new ErasureRequested.Subject(Channel.X, first.author().platformUserId())), T0.plusSeconds(600));
        String ceId = TestEvents.publish(Topics.IDENTITY, erasureId.toString(), EventTypes.ERASURE_REQUESTED, request);

        List<ConsumerRecord<String, String>> confirmations = awaitEvents(Topics.IDENTITY, EventTypes.ERASURE_CONFIRMED,
                erasureId.toString(), 1, TIMEOUT);
        assertThat(confirmations).hasSize(1);
        ContractCheck.assertConforms(confirmations.get(0));
        assertThat(confirmations.get(0).key()).isEqualTo(erasureId.toString());
        ErasureConfirmed confirmed = TestEvents.payload(confirmations.get(0), ErasureConfirmed.class);
        assertThat(confirmed.service()).isEqualTo("case-service");
        // Two posts, one note, one case.
        assertThat(confirmed.recordsAffected()).isEqualTo(4);

        JsonPath d = detail(caseId);
        assertThat(d.getString("customer.platformUserId")).isEqualTo("erased-" + erasureId);
        assertThat(d.getString("customer.handle")).isNull();
        assertThat(d.getList("posts.text", String.class)).containsOnly("[erased]");
        assertThat(d.getList("posts.author.handle")).containsOnly((Object) null);
        JsonPath t = timeline(caseId);
        assertThat(t.getString("entries.find { it.type == 'note' }.activity.detail")).isEqualTo("[erased]");
        assertThat(t.getString("entries.find { it.type == 'erased' }.activity.detail")).isEqualTo(erasureId.toString());
        assertThat(detail(otherCase).getString("customer.handle")).isEqualTo("dana");

        TestEvents.publishRaw(Topics.IDENTITY, erasureId.toString(), ceId, EventTypes.ERASURE_REQUESTED,
                TestEvents.json(request));
        assertThat(awaitEvents(Topics.IDENTITY, EventTypes.ERASURE_CONFIRMED, erasureId.toString(), 2,
                Duration.ofSeconds(2))).as("a redelivery confirms nothing twice").hasSize(1);
    }

    @Test
    void surveysAboutACaseAreOnItsTimelineOnce() {
        PostIngested post = customerPost(Channel.MESSENGER, T0);
        publish(post);
        String caseId = awaitCaseOpenedBy(post);
        UUID surveyId = UUID.randomUUID();
        String ceId = TestEvents.publish(Topics.SURVEYS, caseId, EventTypes.SURVEY_SENT, new SurveySent(surveyId,
                UUID.fromString(caseId), "nps", Channel.MESSENGER, T0.plusSeconds(3600), T0.plusSeconds(7 * 86400)));
        TestEvents.publishRaw(Topics.SURVEYS, caseId, ceId, EventTypes.SURVEY_SENT, TestEvents.json(new SurveySent(
                surveyId, UUID.fromString(caseId), "nps", Channel.MESSENGER, T0.plusSeconds(3600), null)));
        TestEvents.publish(Topics.SURVEYS, caseId, EventTypes.SURVEY_ANSWERED, new SurveyAnswered(surveyId,
                UUID.fromString(caseId), "nps", 9, "quick and kind", Channel.MESSENGER, null, "dm", T0.plusSeconds(4000)));
        JsonPath t = io.outpost.devstack.Poll.until("survey answer on the timeline", TIMEOUT, () -> timeline(caseId),
                j -> j.getList("entries.findAll { it.type == 'survey-answered' }").size() == 1);
        assertThat(t.getList("entries.findAll { it.type == 'survey-sent' }")).hasSize(1);
        assertThat(t.getString("entries.find { it.type == 'survey-sent' }.at")).isEqualTo(T0.plusSeconds(3600).toString());
        assertThat(t.getString("entries.find { it.type == 'survey-answered' }.activity.detail"))
                .isEqualTo("nps 9: quick and kind");
    }
}
