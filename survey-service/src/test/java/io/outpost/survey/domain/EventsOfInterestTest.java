package io.outpost.survey.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.CaseUpdated;
import io.outpost.contracts.events.ConsentChanged;
import io.outpost.contracts.events.PostIngested;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventsOfInterestTest {

    static final Instant AT = Instant.parse("2026-11-01T08:00:00Z");

    static PostIngested post(PostIngested.Author author, Visibility visibility, boolean own) {
        return new PostIngested(UUID.randomUUID(), Channel.X, "ext-1", "conv-1", author, "9", AT, AT, null, visibility, own);
    }

    static PostIngested.Author author(String id) {
        return new PostIngested.Author(id, "dana", null);
    }

    static CaseUpdated update(UUID caseId, String status) {
        return new CaseUpdated(caseId, Channel.X, status, "resolved", 3, List.of(), "en", null, List.of("status"), null, null, AT);
    }

    @Test
    void onlyACustomersPrivateMessageIsReadOfWellFormedPosts() {
        assertThat(EventsOfInterest.postToRead(post(author("u-1"), Visibility.PRIVATE, false))).isTrue();
        assertThat(EventsOfInterest.postToRead(post(author("u-1"), Visibility.PUBLIC, false))).as("public").isFalse();
        assertThat(EventsOfInterest.postToRead(post(author("u-1"), Visibility.PRIVATE, true))).as("our own").isFalse();
        assertThat(EventsOfInterest.postToRead(post(author(null), Visibility.PRIVATE, false))).as("no author id").isFalse();
        assertThat(EventsOfInterest.postToRead(post(author("  "), Visibility.PRIVATE, false))).as("blank author id").isFalse();
    }

    @Test
    void aBrokenPostIsReadSoThatItIsDeadLettered() {
        PostIngested noVisibility = post(author("u-1"), null, false);
        PostIngested noAuthor = post(null, Visibility.PUBLIC, false);
        PostIngested noId = new PostIngested(null, Channel.X, "ext-1", "conv-1", author("u-1"), "hi", AT, AT, null,
                Visibility.PUBLIC, false);
        PostIngested noCreatedAt = new PostIngested(UUID.randomUUID(), Channel.X, "ext-1", "conv-1", author("u-1"), "hi",
                null, AT, null, Visibility.PUBLIC, true);
        for (PostIngested broken : List.of(noVisibility, noAuthor, noId, noCreatedAt)) {
            assertThat(EventsOfInterest.isBrokenPost(broken)).isTrue();
            assertThat(EventsOfInterest.postToRead(broken)).isTrue();
        }
        assertThat(EventsOfInterest.isBrokenPost(post(author("u-1"), Visibility.PUBLIC, false))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "new", "open", "pending", "on-hold", "OPEN" })
    void aReopeningIsRead(String status) {
        assertThat(EventsOfInterest.updateToRead(update(UUID.randomUUID(), status))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "resolved", "closed" })
    void anUpdateThatReopensNothingIsNotRead(String status) {
        assertThat(EventsOfInterest.updateToRead(update(UUID.randomUUID(), status))).isFalse();
    }

    @Test
    void anUpdateWithoutCaseOrStatusIsReadSoThatItIsDeadLettered() {
        assertThat(EventsOfInterest.updateToRead(update(UUID.randomUUID(), null))).isTrue();
        assertThat(EventsOfInterest.updateToRead(update(null, "closed"))).isTrue();
    }

    @Test
    void onlySurveysConsentIsRead() {
        assertThat(EventsOfInterest.consentToRead(consent("surveys"))).isTrue();
        assertThat(EventsOfInterest.consentToRead(consent("marketing"))).isFalse();
        assertThat(EventsOfInterest.consentToRead(consent(null))).isFalse();
    }

    static ConsentChanged consent(String purpose) {
        return new ConsentChanged(UUID.randomUUID(), UUID.randomUUID(), Channel.X, "u-1", purpose, "revoked", null, AT);
    }

    @Test
    void onlyALaterResolutionIsDecidedAgain() {
        assertThat(EventsOfInterest.resolvedAgain(AT, AT)).as("the same resolution").isFalse();
        assertThat(EventsOfInterest.resolvedAgain(AT.minusSeconds(1), AT)).as("an earlier one").isFalse();
        assertThat(EventsOfInterest.resolvedAgain(AT.plusNanos(1_000), AT)).as("a microsecond later").isTrue();
        // Stored at PostgreSQL's precision (rounded): the redelivery's nanoseconds do not make it later.
        assertThat(EventsOfInterest.resolvedAgain(AT.plusNanos(999), AT)).isFalse();
        assertThat(EventsOfInterest.resolvedAgain(AT.plusNanos(1_499), AT.plusNanos(1_000))).isFalse();
        assertThat(EventsOfInterest.resolvedAgain(AT.plusNanos(1_500), AT.plusNanos(2_000))).isFalse();
        assertThat(EventsOfInterest.resolvedAgain(AT, null)).as("no resolution recorded").isTrue();
    }
}
