package io.outpost.ingest.api;

import java.util.List;

/**
 * One page of channel accounts.
 *
 * @param nextCursor pass it as {@code cursor} for the next page; null on the last page
 */
public record ChannelAccountPage(List<ChannelAccountView> items, String nextCursor) {
}
