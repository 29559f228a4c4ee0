package io.outpost.cases.api;

import static io.outpost.cases.CaseFixtures.awaitCaseOpenedBy;
import static io.outpost.cases.CaseFixtures.awaitDetail;
import static io.outpost.cases.CaseFixtures.caseOpenedBy;
import static io.outpost.cases.CaseFixtures.publish;
import static io.outpost.cases.CaseFixtures.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.CaseFixtures;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.PostIngested;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, item 3: the care team's core flow — the customer writes in public, is asked to DM, answers in
 * private, and the case is closed in public — is one case, with both sides on its timeline in order. The
 * DM continues the public case only for the same customer and the same account of ours, on the same
 * platform, while the case is open or recently resolved.
 */
@QuarkusTest
class PublicAndPrivateInOneCaseTest {

    private static final String OUR_ACCOUNT = "85741735";

    private static Instant minutesAgo(long minutes) {
        return Instant.now().minus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
    }

    private static PostIngested tweet(PostIngested.Author customer, String account, Instant at) {
        String id = "t-" + UUID.randomUUID();
        return new PostIngested(UUID.randomUUID(), Channel.X, id, "x:" + id, customer, "@Acme my order never came",
                at, Instant.now(), null, Visibility.PUBLIC, false).toAccount(account);
    }

    /** A DM in the thread of the customer and our account (ingest's key for X DMs: the sorted pair). */
    private static PostIngested dm(Channel channel, PostIngested.Author from, String customerId, String account,
            boolean ours, String text, Instant at) {
        return new PostIngested(UUID.randomUUID(), channel, "dm-" + UUID.randomUUID(),
                channel.wireName() + ":thread:" + account + "-" + customerId, from, text, at, Instant.now(), null,
                Visibility.PRIVATE, ours).toAccount(account);
    }

    private static PostIngested.Author customer() {
        return new PostIngested.Author("u-" + UUID.randomUUID(), "dana", "Dana K");
    }

    private static final PostIngested.Author US = new PostIngested.Author(OUR_ACCOUNT, "AcmeHelp", "Acme Help");

    @Test
    void theCustomersDmAfterThePublicExchangeContinuesTheCaseAndTheThreadStaysInIt() {
        PostIngested.Author dana = customer();
        PostIngested opening = tweet(dana, OUR_ACCOUNT, minutesAgo(30));
        publish(opening);
        String caseId = awaitCaseOpenedBy(opening);

        PostIngested danaDm = dm(Channel.X, dana, dana.platformUserId(), OUR_ACCOUNT, false, "order 4411, email dana@example.org",
                minutesAgo(20));
        publish(danaDm);
        awaitDetail(caseId, "the DM filed into the public case", d -> d.getList("posts").size() == 2);
        // Typed by an agent on the platform (no reply of ours): found through the thread's post in the case.
        PostIngested ourDm = dm(Channel.X, US, dana.platformUserId(), OUR_ACCOUNT, true, "Thanks, refund on its way", minutesAgo(15));
        PostIngested danaAgain = dm(Channel.X, dana, dana.platformUserId(), OUR_ACCOUNT, false, "thank you!", minutesAgo(10));
        publish(ourDm);
        publish(danaAgain);
        JsonPath detail = awaitDetail(caseId, "the thread's later posts in the case", d -> d.getList("posts").size() == 4);

        assertThat(detail.getString("visibility")).as("where the conversation began").isEqualTo("public");
        assertThat(detail.getList("posts.externalId", String.class)).containsExactly(opening.externalId(), danaDm.externalId(),
                ourDm.externalId(), danaAgain.externalId());
        assertThat(detail.getList("posts.visibility", String.class)).containsExactly("public", "private", "private", "private");
        List<String> timelineVisibility = timeline(caseId).getList("entries.findAll { it.type == 'post' }.post.visibility",
                String.class);
        assertThat(timelineVisibility).as("each side marked, in order").containsExactly("public", "private", "private", "private");
        for (PostIngested p : List.of(danaDm, ourDm, danaAgain)) {
            assertThat(caseOpenedBy(p.postId())).as("no second case").isEmpty();
        }
    }

    @Test
    void aDmToAnotherAccountOfOursIsAnotherConversation() {
        PostIngested.Author dana = customer();
        PostIngested opening = tweet(dana, OUR_ACCOUNT, minutesAgo(30));
        publish(opening);
        String publicCase = awaitCaseOpenedBy(opening);

        PostIngested toUk = dm(Channel.X, dana, dana.platformUserId(), "99000001", false, "hello UK team", minutesAgo(5));
        publish(toUk);
        String dmCase = awaitCaseOpenedBy(toUk);

        assertThat(dmCase).isNotEqualTo(publicCase);
        assertThat(CaseFixtures.detail(publicCase).getList("posts")).hasSize(1);
    }

    @Test
    void aDmLongAfterThePublicCaseWasResolvedOpensANewCase() {
        PostIngested.Author dana = customer();
        PostIngested opening = tweet(dana, OUR_ACCOUNT, minutesAgo(60 * 24 * 5));
        publish(opening);
        String publicCase = awaitCaseOpenedBy(opening);
        // Resolved four days ago: past the 3-day continuation window.
        Instant resolvedAt = Instant.now().minus(4, ChronoUnit.DAYS);
        assertThat(CaseFixtures.sql("update customer_case set status = 'resolved', resolved_at = ? where id = ?::uuid",
                Timestamp.from(resolvedAt), publicCase)).isEqualTo(1);

        PostIngested late = dm(Channel.X, dana, dana.platformUserId(), OUR_ACCOUNT, false, "it happened again", minutesAgo(1));
        publish(late);
        assertThat(awaitCaseOpenedBy(late)).isNotEqualTo(publicCase);
    }

    @Test
    void aMessengerMessageDoesNotContinueAFacebookCaseByAuthorId() {
        PostIngested.Author dana = customer();
        String id = "c-" + UUID.randomUUID();
        PostIngested comment = new PostIngested(UUID.randomUUID(), Channel.FACEBOOK, id, "facebook:" + id, dana,
                "my bill is wrong", minutesAgo(30), Instant.now(), null, Visibility.PUBLIC, false).toAccount("page-1");
        publish(comment);
        String publicCase = awaitCaseOpenedBy(comment);

        PostIngested message = dm(Channel.MESSENGER, dana, dana.platformUserId(), "page-1", false, "here is my account number",
                minutesAgo(5));
        publish(message);
        assertThat(awaitCaseOpenedBy(message)).as("a feed id is no PSID: Meta gives no link by author").isNotEqualTo(publicCase);
    }
}
