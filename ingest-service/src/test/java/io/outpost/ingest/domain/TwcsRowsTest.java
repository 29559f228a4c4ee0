package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwcsRowsTest {

    static final List<String> HEADER = List.of("tweet_id", "author_id", "inbound", "created_at", "text",
            "response_tweet_id", "in_response_to_tweet_id");
    static final Map<String, Integer> COLUMNS = Map.of("tweet_id", 0, "author_id", 1, "inbound", 2, "created_at", 3,
            "text", 4, "response_tweet_id", 5, "in_response_to_tweet_id", 6);

    @Test
    void aBrandReplyIsOurOwnPostAnsweringTheCustomersTweet() {
        IncomingPost post = TwcsRows.toPost(COLUMNS, CsvFields.parse(
                "11,sprintcare,False,Tue Oct 31 22:10:35 +0000 2017,\"@115713 This is saddening, -KC\",,12.0"));
        assertThat(post).isEqualTo(new IncomingPost(Channel.X, "11", "sprintcare", "sprintcare", null,
                "@115713 This is saddening, -KC", Instant.parse("2017-10-31T22:10:35Z"), "12", null, Visibility.PUBLIC,
                true));
    }

    @Test
    void aCustomerTweetIsNotOursAndMayAnswerNothing() {
        IncomingPost post = TwcsRows.toPost(COLUMNS, CsvFields.parse(
                "18,115713,True,Tue Oct 31 19:56:01 +0000 2017,\"@115714 y’all lie, \"\"great\"\"\nSmh.\",17,"));
        assertThat(post.fromOwnAccount()).isFalse();
        assertThat(post.inReplyToExternalId()).isNull();
        assertThat(post.text()).isEqualTo("@115714 y’all lie, \"great\"\nSmh.");
        assertThat(post.authorPlatformId()).isEqualTo("115713");
    }

    @Test
    void theHeaderIsRecognised() {
        assertThat(TwcsRows.isTwcsHeader(HEADER)).isTrue();
        assertThat(TwcsRows.isTwcsHeader(List.of("tweet_id", "text"))).isFalse();
    }

    @Test
    void datesAreXsClassicFormatWithTheirOffset() {
        assertThat(TwcsRows.parseCreatedAt("Tue Oct 31 22:10:47 +0000 2017")).isEqualTo(Instant.parse("2017-10-31T22:10:47Z"));
        assertThat(TwcsRows.parseCreatedAt("Wed Nov 01 01:00:00 +0100 2017")).isEqualTo(Instant.parse("2017-11-01T00:00:00Z"));
        assertThatThrownBy(() -> TwcsRows.parseCreatedAt("2017-10-31T22:10:47Z")).isInstanceOf(InvalidLineException.class)
                .hasMessageContaining("created_at");
        // Tuesday, not Wednesday: an inconsistent date is refused rather than guessed.
        assertThatThrownBy(() -> TwcsRows.parseCreatedAt("Wed Oct 31 22:10:47 +0000 2017")).isInstanceOf(InvalidLineException.class);
    }

    @Test
    void floatLookingParentIdsLoseTheirFraction() {
        assertThat(TwcsRows.parentId("12.0")).isEqualTo("12");
        assertThat(TwcsRows.parentId("12")).isEqualTo("12");
        assertThat(TwcsRows.parentId(" 1234567.00 ")).isEqualTo("1234567");
        assertThat(TwcsRows.parentId("")).isNull();
        assertThatThrownBy(() -> TwcsRows.parentId("12.5")).isInstanceOf(InvalidLineException.class);
        assertThatThrownBy(() -> TwcsRows.parentId("abc")).isInstanceOf(InvalidLineException.class);
    }

    @Test
    void invalidRowsSayWhy() {
        assertThatThrownBy(() -> TwcsRows.toPost(COLUMNS, CsvFields.parse("x1,a,True,Tue Oct 31 22:10:47 +0000 2017,t,,")))
                .hasMessageContaining("tweet_id");
        assertThatThrownBy(() -> TwcsRows.toPost(COLUMNS, CsvFields.parse("1,,True,Tue Oct 31 22:10:47 +0000 2017,t,,")))
                .hasMessageContaining("author_id");
        assertThatThrownBy(() -> TwcsRows.toPost(COLUMNS, CsvFields.parse("1,a,maybe,Tue Oct 31 22:10:47 +0000 2017,t,,")))
                .hasMessageContaining("inbound");
        assertThatThrownBy(() -> TwcsRows.toPost(COLUMNS, CsvFields.parse("1,a,True,Tue Oct 31 22:10:47 +0000 2017,t")))
                .hasMessageContaining("expected 7 fields, got 5");
        assertThatThrownBy(() -> TwcsRows.toPost(COLUMNS, CsvFields.parse("1,a,True,Tue Oct 31 22:10:47 +0000 2017,t,,1.0")))
                .hasMessageContaining("cannot answer itself");
    }
}
