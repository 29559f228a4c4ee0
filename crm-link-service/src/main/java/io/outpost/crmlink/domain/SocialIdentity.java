package io.outpost.crmlink.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A social identity (channel, platform user id) as learned from its posts. Admin data. */
@Entity
@Table(name = "social_identity")
public class SocialIdentity extends PanacheEntityBase {

    @Id
    public UUID id;
    public String channel;
    @Column(name = "platform_user_id")
    public String platformUserId;
    public String handle;
    @Column(name = "display_name")
    public String displayName;
    @Column(name = "first_seen_at")
    public Instant firstSeenAt;
    @Column(name = "last_seen_at")
    public Instant lastSeenAt;
    @Column(name = "post_count")
    public long postCount;
    @Column(name = "learned_at")
    public Instant learnedAt;
    @Version
    public Long version;
    /** The latest public profile (see {@link PublicProfile}); all null while none was seen. */
    @Column(name = "profile_location")
    public String profileLocation;
    @Column(name = "profile_description")
    public String profileDescription;
    @Column(name = "profile_url")
    public String profileUrl;
    @Column(name = "profile_account_created_at")
    public Instant profileAccountCreatedAt;
    @Column(name = "profile_followers_count")
    public Integer profileFollowersCount;
    @Column(name = "profile_verified")
    public Boolean profileVerified;
    @Column(name = "profile_seen_at")
    public Instant profileSeenAt;
    /** The account of ours the person last wrote to ({@link AddressedAccount}); both null while none was named. */
    @Column(name = "last_account_id")
    public String lastAccountId;
    @Column(name = "last_account_seen_at")
    public Instant lastAccountSeenAt;

    public IdentityState state() {
        return new IdentityState(handle, displayName, firstSeenAt, lastSeenAt, postCount);
    }

    public void apply(IdentityState state) {
        handle = state.handle();
        displayName = state.displayName();
        firstSeenAt = state.firstSeenAt();
        lastSeenAt = state.lastSeenAt();
        postCount = state.postCount();
    }

    /** The account of ours the person last wrote to, or null when no post named one. */
    public AddressedAccount addressedAccount() {
        return lastAccountId == null || lastAccountSeenAt == null ? null
                : new AddressedAccount(lastAccountId, lastAccountSeenAt);
    }

    /** Keeps the account of the latest post that named one ({@link AddressedAccount#after}). */
    public void observeAccount(String postAccountId, Instant postedAt) {
        AddressedAccount latest = AddressedAccount.after(addressedAccount(), postAccountId, postedAt);
        lastAccountId = latest == null ? null : latest.accountId();
        lastAccountSeenAt = latest == null ? null : latest.seenAt();
    }

    /** The stored profile, or null when none was seen. */
    public PublicProfile profile() {
        return profileSeenAt == null ? null : new PublicProfile(profileLocation, profileDescription, profileUrl,
                profileAccountCreatedAt, profileFollowersCount, profileVerified, profileSeenAt);
    }

    /** Keeps the more recent of the stored profile and the one a post carried ({@link PublicProfile#latest}). */
    public void observeProfile(PublicProfile seen) {
        PublicProfile latest = PublicProfile.latest(profile(), seen);
        if (latest == null) {
            return;
        }
        profileLocation = latest.location();
        profileDescription = latest.description();
        profileUrl = latest.url();
        profileAccountCreatedAt = latest.accountCreatedAt();
        profileFollowersCount = latest.followersCount();
        profileVerified = latest.verified();
        profileSeenAt = latest.seenAt();
    }
}
