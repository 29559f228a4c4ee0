package io.outpost.crmlink.api;

import io.outpost.crmlink.domain.PersonAttributes;
import java.time.Instant;

/** A CRM customer as stored for matching. */
public record CustomerView(String id, PersonAttributes attributes, Instant updatedAt) {
}
