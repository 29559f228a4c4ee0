package io.outpost.crmlink.domain;

import java.time.Instant;

/**
 * An identity's handle changed.
 *
 * @param oldHandle the handle before
 * @param newHandle the handle after
 * @param changedAt platform time of the first post seen under the new handle
 */
public record HandleChange(String oldHandle, String newHandle, Instant changedAt) {
}
