package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdentityLearningTest {

    static final Instant NOW = Instant.parse("2026-12-08T01:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-01T08:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-02T08:00:00Z");
    static final Instant T3 = Instant.parse("2026-11-03T08:00:00Z");

    static IdentityLearning.Post post(String user, String handle, String name, Instant at, String account) {
        return new IdentityLearning.Post("x", user, new Sighting(handle, name, at),
                PublicProfile.seen("Leeds " + at, null, null, null, null, null, at), UUID.randomUUID(), account);
    }

    static SocialIdentity stored(String channel, String user, String handle, Instant at) {
        SocialIdentity identity = new SocialIdentity();
        identity.id = UUID.randomUUID();
        identity.channel = channel;
        identity.platformUserId = user;
        identity.learnedAt = T1;
        identity.apply(IdentityState.firstSighting(new Sighting(handle, "Kay", at)));
        return identity;
    }

    /** What an identity's row holds, to compare one run with one post after the other. */
    record Row(String handle, String displayName, Instant firstSeenAt, Instant lastSeenAt, long postCount,
            PublicProfile profile, AddressedAccount account) {
        static Row of(SocialIdentity i) {
            return new Row(i.handle, i.displayName, i.firstSeenAt, i.lastSeenAt, i.postCount, i.profile(), i.addressedAccount());
        }
    }

    @Test
    void aRunLearnsExactlyWhatOnePostAfterTheOtherWould() {
        List<IdentityLearning.Post> posts = List.of(
                post("k", "kay_b", "Kay B", T3, "acct-2"),
                post("n", "nia", "Nia", T1, null),
                post("k", "kay_late", "Old Name", T2, "acct-1"),
                post("n", "nia_2", null, T2, "acct-1"),
                post("k", null, null, T3.plusSeconds(1), null));

        SocialIdentity together = stored("x", "k", "kay", T1);
        IdentityLearning.Outcome run = IdentityLearning.apply(List.of(together), posts, NOW);

        SocialIdentity alone = stored("x", "k", "kay", T1);
        List<SocialIdentity> stored = new ArrayList<>(List.of(alone));
        List<HandleHistoryEntry> changesAlone = new ArrayList<>();
        for (IdentityLearning.Post post : posts) {
            IdentityLearning.Outcome one = IdentityLearning.apply(stored, List.of(post), NOW);
            stored.addAll(one.created());
            changesAlone.addAll(one.handleChanges());
        }

        assertThat(Row.of(together)).isEqualTo(Row.of(alone))
                .isEqualTo(new Row("kay_b", "Kay B", T1, T3.plusSeconds(1), 4,
                        PublicProfile.seen("Leeds " + T3.plusSeconds(1), null, null, null, null, null, T3.plusSeconds(1)),
                        new AddressedAccount("acct-2", T3)));
        assertThat(run.created()).singleElement().satisfies(n -> {
            assertThat(Row.of(n)).isEqualTo(Row.of(stored.get(1)));
            assertThat(n.handle).isEqualTo("nia_2");
            assertThat(n.displayName).isEqualTo("Nia");
            assertThat(n.postCount).isEqualTo(2);
            assertThat(n.learnedAt).isEqualTo(NOW);
            assertThat(n.addressedAccount()).isEqualTo(new AddressedAccount("acct-1", T2));
        });
        assertThat(run.handleChanges()).extracting(c -> c.oldHandle + ">" + c.newHandle + "@" + c.changedAt)
                .containsExactly("kay>kay_b@" + T3, "nia>nia_2@" + T2)
                .containsExactlyElementsOf(changesAlone.stream().map(c -> c.oldHandle + ">" + c.newHandle + "@" + c.changedAt)
                        .toList());
        assertThat(run.handleChanges().get(0).identityId).isEqualTo(together.id);
        assertThat(run.handleChanges().get(0).postId).isEqualTo(posts.get(0).postId());
        assertThat(run.handleChanges().get(1).identityId).isEqualTo(run.created().get(0).id);
    }

    @Test
    void eachPostSaysWhetherItsIdentityWasKnownBeforeIt() {
        SocialIdentity k = stored("x", "k", "kay", T1);
        IdentityLearning.Outcome run = IdentityLearning.apply(List.of(k),
                List.of(post("n", "nia", null, T1, null), post("k", "kay", null, T2, null), post("n", "nia", null, T2, null)),
                NOW);
        UUID n = run.created().get(0).id;
        assertThat(run.learned()).containsExactly(new IdentityLearning.Learned(n, false),
                new IdentityLearning.Learned(k.id, true), new IdentityLearning.Learned(n, true));
        assertThat(run.handleChanges()).isEmpty();
    }

    @Test
    void theSameUserIdOnAnotherChannelIsAnotherIdentity() {
        SocialIdentity onFacebook = stored("facebook", "u1", "kay", T1);
        IdentityLearning.Outcome run = IdentityLearning.apply(List.of(onFacebook), List.of(post("u1", "kay", null, T2, null)),
                NOW);
        assertThat(run.created()).singleElement().satisfies(i -> {
            assertThat(i.channel).isEqualTo("x");
            assertThat(i.postCount).isEqualTo(1);
        });
        assertThat(onFacebook.postCount).isEqualTo(1);
        assertThat(onFacebook.lastSeenAt).isEqualTo(T1);
    }
}
