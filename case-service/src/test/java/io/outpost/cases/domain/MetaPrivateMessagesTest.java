package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.cases.domain.MetaPrivateMessages.PrivateReply;
import io.outpost.cases.domain.MetaPrivateMessages.Refused;
import io.outpost.cases.domain.MetaPrivateMessages.ToCustomer;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MetaPrivateMessagesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static CasePost post(String externalId, Visibility visibility, Duration ago, boolean ours) {
        CasePost p = new CasePost();
        p.id = UUID.randomUUID();
        p.externalId = externalId;
        p.visibility = visibility.wireName();
        p.createdAt = NOW.minus(ago);
        p.fromOwnAccount = ours;
        return p;
    }

    private static CasePost comment(String id, Duration ago) {
        return post(id, Visibility.PUBLIC, ago, false);
    }

    private static CasePost message(String id, Duration ago) {
        return post(id, Visibility.PRIVATE, ago, false);
    }

    @ParameterizedTest
    @EnumSource(value = Channel.class, names = { "X", "FORUM", "EMAIL", "CHAT" })
    void otherChannelsMessageTheCustomerDirectly(Channel channel) {
        assertThat(MetaPrivateMessages.route(channel, List.of(comment("c1", Duration.ofDays(30))), Set.of(), NOW))
                .isEqualTo(new ToCustomer());
    }

    @Test
    void aFacebookCommenterGetsThePrivateReplyToTheirLatestComment() {
        var posts = List.of(comment("c1", Duration.ofHours(5)), comment("c2", Duration.ofHours(2)),
                post("ours", Visibility.PUBLIC, Duration.ofHours(1), true));
        assertThat(MetaPrivateMessages.route(Channel.FACEBOOK, posts, Set.of(), NOW)).isEqualTo(new PrivateReply("c2"));
    }

    @Test
    void onePrivateReplyPerCommentSoTheNextGoesToAnEarlierCommentOrIsRefused() {
        var posts = List.of(comment("c1", Duration.ofHours(5)), comment("c2", Duration.ofHours(2)));
        assertThat(MetaPrivateMessages.route(Channel.INSTAGRAM, posts, Set.of("c2"), NOW)).isEqualTo(new PrivateReply("c1"));
        assertThat(MetaPrivateMessages.route(Channel.INSTAGRAM, posts, Set.of("c1", "c2"), NOW))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).contains("one private reply per comment"));
    }

    @Test
    void aPrivateReplyIsRefusedPastSevenDaysOfTheComment() {
        assertThat(MetaPrivateMessages.route(Channel.FACEBOOK, List.of(comment("c1", Duration.ofDays(7))), Set.of(), NOW))
                .isEqualTo(new PrivateReply("c1"));
        assertThat(MetaPrivateMessages.route(Channel.FACEBOOK, List.of(comment("c1", Duration.ofDays(7).plusSeconds(1))),
                Set.of(), NOW)).isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).contains("7 days"));
    }

    @Test
    void withinTwentyFourHoursOfTheCustomersMessageTheReplyIsAMessage() {
        var posts = List.of(comment("c1", Duration.ofDays(2)), message("m1", Duration.ofHours(24)));
        assertThat(MetaPrivateMessages.route(Channel.INSTAGRAM, posts, Set.of("c1"), NOW)).isEqualTo(new ToCustomer());
        assertThat(MetaPrivateMessages.route(Channel.MESSENGER, List.of(message("m1", Duration.ofHours(23))), Set.of(), NOW))
                .isEqualTo(new ToCustomer());
    }

    @Test
    void pastTwentyFourHoursAndWithinSevenDaysTheReplyGoesToIngestWhichMayTagItForAHumanAgent() {
        assertThat(MetaPrivateMessages.route(Channel.MESSENGER, List.of(message("m1", Duration.ofHours(24).plusSeconds(1))),
                Set.of(), NOW)).isEqualTo(new ToCustomer());
        assertThat(MetaPrivateMessages.route(Channel.INSTAGRAM, List.of(message("m1", Duration.ofDays(7))), Set.of(), NOW))
                .isEqualTo(new ToCustomer());
        // An open comment within 7 days still takes the Private Reply: it needs no permission.
        var posts = List.of(message("m1", Duration.ofDays(2)), comment("c1", Duration.ofDays(3)));
        assertThat(MetaPrivateMessages.route(Channel.FACEBOOK, posts, Set.of(), NOW)).isEqualTo(new PrivateReply("c1"));
        // Its Private Reply used, the message goes to ingest (tagged there when the page has the permission).
        assertThat(MetaPrivateMessages.route(Channel.FACEBOOK, posts, Set.of("c1"), NOW)).isEqualTo(new ToCustomer());
    }

    @Test
    void messengerPastSevenDaysIsRefusedWithTheCustomersLastMessageTime() {
        CasePost m = message("m1", Duration.ofDays(7).plusSeconds(1));
        assertThat(MetaPrivateMessages.route(Channel.MESSENGER, List.of(m), Set.of(), NOW))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).contains("24 hours").contains("7 days")
                        .contains(m.createdAt.toString()));
    }

    @Test
    void pastTheWindowAnInstagramCustomerStillGetsAPrivateReplyToAnUnansweredComment() {
        var posts = List.of(message("m1", Duration.ofDays(2)), comment("c2", Duration.ofDays(1)));
        assertThat(MetaPrivateMessages.route(Channel.INSTAGRAM, posts, Set.of(), NOW)).isEqualTo(new PrivateReply("c2"));
    }

    @Test
    void hiddenPostsAndSurveyAnswersAreNotTheCustomersMessages() {
        CasePost spam = message("spam", Duration.ofHours(1));
        spam.hiddenReason = "spam: link farm";
        CasePost survey = message("5", Duration.ofHours(1));
        survey.surveyId = UUID.randomUUID();
        assertThat(MetaPrivateMessages.route(Channel.MESSENGER, List.of(spam, survey), Set.of(), NOW)).isInstanceOf(Refused.class);
    }

    @Test
    void noCommentAndNoRecentMessageIsRefused() {
        assertThat(MetaPrivateMessages.route(Channel.FACEBOOK, List.of(), Set.of(), NOW))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.reason()).contains("reply publicly"));
    }
}
