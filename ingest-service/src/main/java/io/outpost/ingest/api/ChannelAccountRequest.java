package io.outpost.ingest.api;

import io.outpost.contracts.Channel;
import io.outpost.ingest.domain.ForumEndpoint;
import io.outpost.ingest.store.ChannelAccountStore;
import io.outpost.kit.api.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One of our own accounts on a channel, as an admin creates or replaces it. */
@Schema(description = "One of the brand's own accounts on a channel")
public record ChannelAccountRequest(
        @Schema(description = "x, facebook, instagram, messenger, forum, email or chat", example = "x")
        @NotNull Channel channel,
        @Schema(description = "The platform's id of the account (X user id, Facebook page id, Instagram account id); "
                + "unique per channel", example = "2244994945")
        @NotBlank @Size(max = 256) @Pattern(regexp = "\\S+", message = "must not contain whitespace") String platformAccountId,
        @Schema(description = "The handle, without @", example = "AcmeSupport")
        @Size(max = 256) String handle,
        @Schema(description = "The name shown on the platform", example = "Acme Support")
        @Size(max = 512) String displayName,
        @Schema(description = "The NAME of the secret holding the account's credentials (e.g. a Kubernetes secret "
                + "and key), never the secret itself", example = "outpost-x-acmesupport/access-token")
        @Size(max = 253) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._/-]*",
                message = "must be a secret's name: letters, digits, '.', '_', '/', '-'") String credentialsRef,
        @Schema(description = "The region the account serves, e.g. a regional support handle: an ISO 3166-1 alpha-2 "
                + "code in lower case (gb, us) or a short label of your own (emea, uk-north). Posts delivered to this "
                + "account are counted in this region for surges; absent: no region", example = "gb")
        @Size(max = 32) @Pattern(regexp = "[a-z][a-z0-9-]*", message = "must be lower-case letters, digits and '-', "
                + "starting with a letter (an ISO 3166-1 alpha-2 code such as gb, or a label such as uk-north)") String region,
        @Schema(description = "Forum accounts only: where the forum's integration takes Outpost's replies, signed "
                + "(README \"Forum delivery contract\"). https; http only for localhost or a loopback address. "
                + "No user info, query or fragment", example = "https://forum.example.com/outpost/replies")
        @Size(max = ForumEndpoint.MAX_LENGTH) String endpointUrl,
        @Schema(description = "Forum accounts only: the secret replies are signed with (HMAC-SHA256), 32 to 256 "
                + "characters, e.g. openssl rand -hex 32. Stored sealed and never returned; absent on a replace, the "
                + "stored one is kept; a new value rotates it", writeOnly = true)
        @Size(min = 32, max = 256, message = "must be 32 to 256 characters (e.g. openssl rand -hex 32)")
        @Pattern(regexp = "\\S+", message = "must not contain whitespace") String signingSecret,
        @Schema(description = "X accounts only: the account's OAuth 2.0 user tokens (authorization code flow with PKCE, "
                + "scopes including offline.access). Stored sealed and never returned; refreshed before they expire, "
                + "the rotated refresh token stored each time. Absent on a replace, the stored tokens are kept; given, "
                + "they replace them. An account with oauth sends with it; credentialsRef is then not used")
        @Valid OAuth oauth) {

    /** The OAuth 2.0 user tokens of an X account, as an admin (or a local run) obtained them. */
    @Schema(description = "An X account's OAuth 2.0 user tokens; write-only")
    public record OAuth(
            @Schema(description = "The user access token (X: valid 2 hours)", writeOnly = true)
            @NotBlank @Size(max = MAX_TOKEN) @Pattern(regexp = "\\S+", message = "must not contain whitespace") String accessToken,
            @Schema(description = "The refresh token (X rotates it on every refresh; Outpost stores each new one)", writeOnly = true)
            @NotBlank @Size(max = MAX_TOKEN) @Pattern(regexp = "\\S+", message = "must not contain whitespace") String refreshToken,
            @Schema(description = "When the access token expires (ISO-8601 instant); a past one is refreshed before the first send",
                    example = "2026-12-07T16:00:00Z")
            @NotNull Instant expiresAt) {

        /** Never prints the tokens (a request may be logged, e.g. by a validation failure). */
        @Override
        public String toString() {
            return "OAuth[tokens redacted, expiresAt=" + expiresAt + "]";
        }
    }

    /** The longest token taken (X's are about 90 characters). */
    static final int MAX_TOKEN = 2048;

    /**
     * The fields, after the rules that span several of them: oauth tokens belong to X accounts only, an
     * endpoint and a signing secret to forum accounts only, and the endpoint must be one replies may
     * travel to ({@link ForumEndpoint}).
     * Whether a forum endpoint has a secret (given now or stored before) is the store's check.
     */
    ChannelAccountStore.Fields fields() {
        String endpoint = blankToNull(endpointUrl);
        if (channel != Channel.FORUM && (endpoint != null || signingSecret != null)) {
            throw ApiException.badRequest("endpointUrl and signingSecret are for forum accounts only; "
                    + channel.wireName() + " replies go through the platform's API");
        }
        if (oauth != null && channel != Channel.X) {
            throw ApiException.badRequest("oauth is for x accounts only; " + channel.wireName()
                    + " accounts name their token with credentialsRef");
        }
        if (endpoint != null) {
            ForumEndpoint.refusal(endpoint).ifPresent(reason -> {
                throw ApiException.badRequest("endpointUrl " + reason);
            });
        }
        return new ChannelAccountStore.Fields(channel, platformAccountId.strip(), blankToNull(handle),
                blankToNull(displayName), credentialsRef, region, endpoint, signingSecret,
                oauth == null ? null : new ChannelAccountStore.XOAuth(oauth.accessToken(), oauth.refreshToken(), oauth.expiresAt()));
    }

    /** Never prints the signing secret or the tokens (a request may be logged, e.g. by a validation failure). */
    @Override
    public String toString() {
        return "ChannelAccountRequest[channel=" + channel + ", platformAccountId=" + platformAccountId + ", endpointUrl="
                + endpointUrl + ", signingSecret=" + (signingSecret == null ? "absent" : "(given)") + ", oauth="
                + (oauth == null ? "absent" : "(given)") + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
