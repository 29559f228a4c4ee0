package io.outpost.console.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A canned response as the management form sends it, turned into case-service's request fields: blank
 * optional fields are absent (team absent: global; channel absent: any), tags are comma-separated.
 * The rules themselves (lengths, placeholders, braces) stay case-service's: its 400 names the bad field
 * and the page shows that message, so the two can never disagree.
 */
public record CannedInput(String team, String title, String text, String channel, String language, List<String> tags,
        Long version) {

    /**
     * case-service's placeholders ({@code CannedText.PLACEHOLDERS}) and what each is filled with when an
     * agent picks the response for a case (case-service README, "Canned responses").
     */
    public static final Map<String, String> PLACEHOLDERS = placeholders();

    public static CannedInput parse(String team, String title, String text, String channel, String language, String tags,
            String version) {
        List<String> tagList = new ArrayList<>();
        if (tags != null) {
            for (String t : tags.split(",")) {
                if (!t.isBlank() && !tagList.contains(t.strip())) {
                    tagList.add(t.strip());
                }
            }
        }
        Long v = null;
        if (version != null && !version.isBlank()) {
            try {
                v = Long.parseLong(version.strip());
            } catch (NumberFormatException e) {
                // Sent as is would be a 400 from case-service; a missing version is one too, with its words.
                v = null;
            }
        }
        return new CannedInput(blankToNull(team), title == null ? "" : title, text == null ? "" : text,
                blankToNull(channel), blankToNull(language), List.copyOf(tagList), v);
    }

    /** The tags as the form shows them again. */
    public String tagText() {
        return String.join(", ", tags);
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static Map<String, String> placeholders() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("{{customer.handle}}", "the customer's handle on the platform, without @");
        p.put("{{customer.name}}", "the customer's display name");
        p.put("{{agent.name}}", "the name of the agent who picks the response (else their login)");
        p.put("{{case.id}}", "the case's id");
        p.put("{{brand.account}}", "our account the customer wrote to");
        return java.util.Collections.unmodifiableMap(p);
    }
}
