package io.outpost.crmlink.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.crmlink.store.ErasureStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An erasure and its confirmations. {@code services}: per expected service, {@code confirmed} (with
 * its time, {@code late} when after {@code confirmationsDueBy}), {@code pending} (not yet, within
 * the deadline) or {@code overdue} (not yet, past the deadline). {@code status}: {@code complete}
 * once every expected service confirmed, else {@code overdue} when any is overdue, else
 * {@code pending}. crm-link-service's own part is done with the request ({@code local}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErasureView(UUID id, String subject, String subjectKind, String requestedBy, Instant requestedAt,
        String status, Instant confirmationsDueBy, Instant completedAt, Local local, List<ServiceState> services,
        List<ErasureStore.Confirmation> confirmations, List<String> awaiting, List<String> overdue) {

    public static final String CONFIRMED = "confirmed";
    public static final String PENDING = "pending";
    public static final String OVERDUE = "overdue";
    public static final String COMPLETE = "complete";

    /** What was removed or anonymised here, at request time. */
    public record Local(String service, int identities, boolean customerErased, int recordsAffected) {
    }

    /** One service's part: its state, and when it confirmed (with the records it affected). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceState(String service, String state, Instant confirmedAt, Integer recordsAffected, Boolean late) {
    }

    static ErasureView of(ErasureStore.Status s, List<String> expected, Duration deadline, Instant now) {
        var r = s.request();
        Instant dueBy = r.requestedAt.plus(deadline);
        boolean pastDeadline = !now.isBefore(dueBy);
        Map<String, ErasureStore.Confirmation> confirmed = new LinkedHashMap<>();
        s.confirmations().forEach(c -> confirmed.put(c.service(), c));
        List<ServiceState> services = new ArrayList<>();
        List<String> awaiting = new ArrayList<>();
        List<String> overdue = new ArrayList<>();
        for (String service : expected) {
            ErasureStore.Confirmation c = confirmed.get(service);
            if (c != null) {
                services.add(new ServiceState(service, CONFIRMED, c.confirmedAt(), c.recordsAffected(),
                        c.confirmedAt() != null && c.confirmedAt().isAfter(dueBy) ? Boolean.TRUE : null));
            } else {
                awaiting.add(service);
                if (pastDeadline) {
                    overdue.add(service);
                }
                services.add(new ServiceState(service, pastDeadline ? OVERDUE : PENDING, null, null, null));
            }
        }
        String status = awaiting.isEmpty() ? COMPLETE : overdue.isEmpty() ? PENDING : OVERDUE;
        return new ErasureView(r.id, r.subject, r.subjectKind, r.requestedBy, r.requestedAt, status, dueBy, r.completedAt,
                new Local("crm-link-service", r.identities, r.customerErased, r.recordsAffected), services,
                s.confirmations(), awaiting, overdue);
    }
}
