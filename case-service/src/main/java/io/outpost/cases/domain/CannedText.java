package io.outpost.cases.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The text of a canned response: placeholders in double braces, checked when a supervisor saves it and
 * filled in for one case when an agent picks it.
 *
 * <p>Placeholders ({@link #PLACEHOLDERS}): {@code {{customer.handle}}} (the customer's handle on the
 * platform, without {@code @}), {@code {{customer.name}}} (their display name), {@code {{agent.name}}}
 * (the agent who renders it: the token's {@code name} claim, else their login), {@code {{case.id}}} and
 * {@code {{brand.account}}} (the platform id of our account the customer wrote to). Spaces inside the
 * braces are allowed ({@code {{ case.id }}}). Single braces are plain text ({@code :-}} stays); every
 * {@code {{} must be closed by a {@code }}} before the next {@code {{}, and a {@code }}} must close one.
 *
 * <p>A placeholder without a value for the case (a customer without a display name, a case written to
 * the channel's default account) renders as empty text and is named in {@link Rendered#missing()}, so the
 * agent sees what to fill in by hand before sending; rendering never fails.
 */
public final class CannedText {

    /** The placeholders a canned response may use, in the order the documentation lists them. */
    public static final Set<String> PLACEHOLDERS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "customer.handle", "customer.name", "agent.name", "case.id", "brand.account")));

    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";

    private CannedText() {
    }

    /** The text cut into literal text and placeholders, or why it cannot be. */
    private record Parsed(List<Part> parts, String error) {
    }

    /** A piece of the text: literal ({@code placeholder} null) or a placeholder by name. */
    private record Part(String literal, String placeholder) {
    }

    /**
     * Why the text cannot be saved — the first unbalanced brace or unknown placeholder, named — or
     * empty when it can.
     */
    public static Optional<String> refusal(String text) {
        return Optional.ofNullable(parse(text).error());
    }

    /** The placeholders the text uses, each once, in order of first use (empty for a text that is refused). */
    public static List<String> placeholders(String text) {
        Parsed parsed = parse(text);
        if (parsed.error() != null) {
            return List.of();
        }
        Set<String> used = new LinkedHashSet<>();
        parsed.parts().stream().filter(p -> p.placeholder() != null).forEach(p -> used.add(p.placeholder()));
        return List.copyOf(used);
    }

    /** The text with its placeholders filled in, and the placeholders that had no value (rendered empty). */
    public record Rendered(String text, List<String> missing) {
    }

    /**
     * Fills in the placeholders from {@code values} (name to value; an absent, null or blank value is
     * missing).
     *
     * @throws IllegalArgumentException for a text {@link #refusal} refuses (saved texts never are)
     */
    public static Rendered render(String text, Map<String, String> values) {
        Parsed parsed = parse(text);
        if (parsed.error() != null) {
            throw new IllegalArgumentException(parsed.error());
        }
        StringBuilder out = new StringBuilder();
        Set<String> missing = new LinkedHashSet<>();
        for (Part part : parsed.parts()) {
            if (part.placeholder() == null) {
                out.append(part.literal());
                continue;
            }
            String value = values.get(part.placeholder());
            if (value == null || value.isBlank()) {
                missing.add(part.placeholder());
            } else {
                out.append(value.strip());
            }
        }
        return new Rendered(out.toString(), List.copyOf(missing));
    }

    /** The values of a case's placeholders, by name (null values are missing). */
    public static Map<String, String> values(String customerHandle, String customerName, String agentName,
            String caseId, String brandAccount) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("customer.handle", customerHandle);
        values.put("customer.name", customerName);
        values.put("agent.name", agentName);
        values.put("case.id", caseId);
        values.put("brand.account", brandAccount);
        return values;
    }

    private static Parsed parse(String text) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf(OPEN, at);
            int close = text.indexOf(CLOSE, at);
            if (close >= 0 && (open < 0 || close < open)) {
                return new Parsed(null, "unbalanced braces: '}}' without '{{' at character " + (close + 1));
            }
            if (open < 0) {
                parts.add(new Part(text.substring(at), null));
                break;
            }
            parts.add(new Part(text.substring(at, open), null));
            int end = text.indexOf(CLOSE, open + OPEN.length());
            int nextOpen = text.indexOf(OPEN, open + OPEN.length());
            if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
                return new Parsed(null, "unbalanced braces: '{{' without '}}' at character " + (open + 1));
            }
            String name = text.substring(open + OPEN.length(), end).strip();
            if (!PLACEHOLDERS.contains(name)) {
                return new Parsed(null, "unknown placeholder {{" + clip(name) + "}}; known: "
                        + String.join(", ", PLACEHOLDERS.stream().map(p -> "{{" + p + "}}").toList()));
            }
            parts.add(new Part(null, name));
            at = end + CLOSE.length();
        }
        return new Parsed(parts, null);
    }

    private static String clip(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "…";
    }
}
