package io.outpost.ingest.api;

import java.util.List;

/**
 * One page of import jobs (without their rejections: {@code GET /api/v1/imports/{id}} has them).
 *
 * @param nextCursor pass it as {@code cursor} for the next page; null on the last page
 */
public record ImportPage(List<ImportView> items, String nextCursor) {
}
