package io.outpost.ingest.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * When an author repeating a text is a bot to hide: the {@code copies}-th post of the same
 * normalized text by the same author within {@code window} (by the platform's times) is hidden, and
 * every later one. Texts shorter than {@code minLength} normalized characters are never counted:
 * "yes", "thanks" or "DM sent" repeated in a conversation are people answering, not bots.
 *
 * @param copies    the copy that is hidden first (2: the first repeat; at least 2)
 * @param window    how far back copies count
 * @param minLength the shortest normalized text that is checked
 */
public record RepeatPolicy(int copies, Duration window, int minLength) {

    public RepeatPolicy {
        if (copies < 2) {
            throw new IllegalArgumentException("repeat copies must be at least 2 (the first post is never a repeat), got " + copies);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("repeat window must be positive, got " + window);
        }
    }

    /** Whether a post with this normalized text is checked at all. */
    public boolean applies(String normalizedText) {
        return normalizedText.length() >= minLength;
    }

    /** The reason to hide a post whose author posted the same text {@code earlierCopies} times within the window. */
    public Optional<String> hiddenReason(long earlierCopies) {
        return earlierCopies + 1 >= copies
                ? Optional.of("bot: same text repeated by the author (" + (earlierCopies + 1) + " copies within " + window + ")")
                : Optional.empty();
    }
}
