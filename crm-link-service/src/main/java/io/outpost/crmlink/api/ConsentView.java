package io.outpost.crmlink.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.crmlink.domain.Consent;
import io.outpost.crmlink.domain.ConsentEvidence;
import java.time.Instant;
import java.util.Locale;

/** A consent as of now: status granted, denied, revoked or expired. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentView(String purpose, String status, Instant grantedAt, Instant expiresAt, Instant decidedAt,
        Evidence evidence) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evidence(String source, String messageId, String note, String textVersion, String actor,
            java.util.UUID requestId) {
    }

    public static ConsentView of(Consent consent, Instant now) {
        ConsentEvidence e = consent.evidence();
        return new ConsentView(consent.purpose().wireName(), consent.statusAt(now).name().toLowerCase(Locale.ROOT),
                consent.grantedAt(), consent.expiresAt(), consent.decidedAt(),
                new Evidence(e.source().wireName(), e.messageId(), e.note(), e.textVersion(), e.actor(), e.requestId()));
    }
}
