package io.outpost.crmlink.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an agent may know of an identity's consents: one state per purpose, every purpose listed
 * ({@code none} when the person never decided), as of {@code now}. No evidence, no customer.
 */
public final class ConsentOverview {

    /** A purpose's state: none, granted, denied, revoked or expired; when it was decided and until when a grant holds. */
    public record PurposeState(String purpose, String status, Instant decidedAt, Instant expiresAt) {
    }

    private ConsentOverview() {
    }

    public static List<PurposeState> of(Map<ConsentPurpose, Consent> decided, Instant now) {
        List<PurposeState> states = new ArrayList<>();
        for (ConsentPurpose purpose : ConsentPurpose.values()) {
            Consent c = decided.get(purpose);
            if (c == null) {
                states.add(new PurposeState(purpose.wireName(), "none", null, null));
                continue;
            }
            ConsentStatus status = c.statusAt(now);
            // The end of a grant matters only while it holds or just ran out; after a denial it is history.
            Instant until = status == ConsentStatus.GRANTED || status == ConsentStatus.EXPIRED ? c.expiresAt() : null;
            states.add(new PurposeState(purpose.wireName(), status.name().toLowerCase(Locale.ROOT), c.decidedAt(), until));
        }
        return states;
    }
}
