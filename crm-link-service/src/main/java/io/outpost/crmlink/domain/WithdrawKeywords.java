package io.outpost.crmlink.domain;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a private message is a withdrawal: the whole message (trimmed, blanks collapsed,
 * case-insensitive, a trailing "." or "!" ignored) is one of the keywords. "Please STOP LINK
 * my account" is not: a keyword inside a sentence may be a question about it.
 */
public final class WithdrawKeywords {

    private final Set<String> keywords;

    public WithdrawKeywords(List<String> keywords) {
        this.keywords = keywords.stream().map(WithdrawKeywords::canonical).filter(k -> !k.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean isWithdrawal(String message) {
        return message != null && keywords.contains(canonical(message));
    }

    private static String canonical(String text) {
        String t = text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        while (t.endsWith(".") || t.endsWith("!")) {
            t = t.substring(0, t.length() - 1).stripTrailing();
        }
        return t;
    }
}
