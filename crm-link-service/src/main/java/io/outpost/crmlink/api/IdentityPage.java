package io.outpost.crmlink.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * @param items      newest-learned first
 * @param nextCursor pass as {@code cursor} for the next page; absent on the last page
 */
public record IdentityPage(List<IdentityView> items,
        @Schema(description = "Pass as cursor for the next page; null on the last page") String nextCursor) {
}
