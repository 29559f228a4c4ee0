package io.outpost.crmlink.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * How a consent decision was captured.
 *
 * @param source      a message the person sent on a channel, their answer on the consent page, or an
 *                    admin action on their word
 * @param messageId   the channel message carrying the decision (channel-message only)
 * @param note        what the admin did and on what basis (admin-action only; optional otherwise)
 * @param textVersion the version of the consent text the person answered (required to grant or deny)
 * @param actor       who recorded the decision: the token's user
 * @param capturedAt  when the person decided (at most now; earlier when recorded later)
 * @param requestId   the consent request the person answered (consent-page only)
 */
public record ConsentEvidence(Source source, String messageId, String note, String textVersion, String actor,
        Instant capturedAt, java.util.UUID requestId) {

    public enum Source {
        CHANNEL_MESSAGE, ADMIN_ACTION, CONSENT_PAGE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Source fromWire(String value) {
            for (Source s : values()) {
                if (s.wireName().equals(value)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("evidence.source must be channel-message or admin-action; got '" + value + "'");
        }

        /** A source an admin or agent may state through the API (the page records its own). */
        public boolean statedByStaff() {
            return this != CONSENT_PAGE;
        }
    }

    /** Evidence not tied to a consent request (a channel message or an admin action). */
    public ConsentEvidence(Source source, String messageId, String note, String textVersion, String actor,
            Instant capturedAt) {
        this(source, messageId, note, textVersion, actor, capturedAt, null);
    }

    public ConsentEvidence {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(capturedAt, "capturedAt");
    }
}
