package io.outpost.crmlink.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.crmlink.domain.HandleHistoryEntry;
import io.outpost.crmlink.domain.PublicProfile;
import io.outpost.crmlink.domain.SocialIdentity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A social identity as admins see it.
 *
 * @param handleHistory only on the single-identity read, oldest change first
 */
@Schema(description = "A social identity learned from posts")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentityView(
        UUID id,
        @Schema(example = "x") String channel,
        @Schema(description = "The platform's user id: with the channel, the identity", example = "115712") String platformUserId,
        @Schema(description = "The handle of the latest post", example = "dana") String handle,
        String displayName,
        @Schema(description = "Platform time of the earliest post seen") Instant firstSeenAt,
        @Schema(description = "Platform time of the latest post seen") Instant lastSeenAt,
        long postCount,
        @Schema(description = "The latest public profile the platform sent with a post (X does, Meta does not); "
                + "absent while none was seen") ProfileView profile,
        List<HandleChangeView> handleHistory,
        @Schema(description = "The platform id of our channel account the person last wrote to (by the post's "
                + "platform time): a consent request DM goes out from it; absent while no post named one "
                + "(the channel's default account)") String lastAccountId) {

    /** A handle change: the first post seen under {@code newHandle} was at {@code changedAt} (platform time). */
    public record HandleChangeView(String oldHandle, String newHandle, Instant changedAt) {
    }

    /**
     * The author's own, unverified profile words, every field optional.
     *
     * @param seenAt platform time of the post that carried this profile (an older post never replaces it)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProfileView(String location, String description, String url, Instant accountCreatedAt,
            Integer followersCount, Boolean verified, Instant seenAt) {

        static ProfileView of(PublicProfile p) {
            return p == null ? null : new ProfileView(p.location(), p.description(), p.url(), p.accountCreatedAt(),
                    p.followersCount(), p.verified(), p.seenAt());
        }
    }

    static IdentityView of(SocialIdentity i, List<HandleHistoryEntry> history) {
        return new IdentityView(i.id, i.channel, i.platformUserId, i.handle, i.displayName, i.firstSeenAt, i.lastSeenAt,
                i.postCount, ProfileView.of(i.profile()), history == null ? null
                        : history.stream().map(h -> new HandleChangeView(h.oldHandle, h.newHandle, h.changedAt)).toList(),
                i.lastAccountId);
    }
}
