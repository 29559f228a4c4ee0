package io.outpost.ingest.api;

import io.outpost.contracts.Channel;
import io.outpost.ingest.store.ChannelAccountStore;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
                + "starting with a letter (an ISO 3166-1 alpha-2 code such as gb, or a label such as uk-north)") String region) {

    ChannelAccountStore.Fields fields() {
        return new ChannelAccountStore.Fields(channel, platformAccountId.strip(), blankToNull(handle),
                blankToNull(displayName), credentialsRef, region);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
