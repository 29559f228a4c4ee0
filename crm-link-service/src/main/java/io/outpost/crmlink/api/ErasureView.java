package io.outpost.crmlink.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.crmlink.store.ErasureStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An erasure and its confirmations: {@code complete} once every expected service confirmed
 * ({@code awaiting} lists the others); crm-link-service's own part is done with the request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErasureView(UUID id, String subject, String subjectKind, String requestedBy, Instant requestedAt,
        String status, Local local, List<ErasureStore.Confirmation> confirmations, List<String> awaiting) {

    /** What was removed or anonymised here, at request time. */
    public record Local(String service, int identities, boolean customerErased, int recordsAffected) {
    }

    static ErasureView of(ErasureStore.Status s, List<String> expected) {
        Set<String> confirmed = s.confirmations().stream().map(ErasureStore.Confirmation::service).collect(Collectors.toSet());
        List<String> awaiting = expected.stream().filter(e -> !confirmed.contains(e)).toList();
        var r = s.request();
        return new ErasureView(r.id, r.subject, r.subjectKind, r.requestedBy, r.requestedAt,
                awaiting.isEmpty() ? "complete" : "pending",
                new Local("crm-link-service", r.identities, r.customerErased, r.recordsAffected), s.confirmations(), awaiting);
    }
}
