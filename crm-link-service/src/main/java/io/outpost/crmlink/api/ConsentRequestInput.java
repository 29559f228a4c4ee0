package io.outpost.crmlink.api;

import java.util.List;

/** Asks a social identity for consent: {@code purposes} (at least one), optionally the customer to link. */
public record ConsentRequestInput(String identityId, String customerId, List<String> purposes, String reason) {
}
