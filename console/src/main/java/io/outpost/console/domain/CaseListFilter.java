package io.outpost.console.domain;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The supervisor's filters over everyone's cases: the inbox's ({@link InboxFilter}) plus the assignee
 * (an agent's id, or "unassigned") and "breached" (missed an SLA target: yes / no). Checked here so a
 * bad value is a message in the supervisor's words, not case-service's 400.
 *
 * @param assigneeId the agent's id (routing-service's, which case-service stores as the assignee id), or null
 * @param unassigned true: only cases nobody has
 * @param breached   null (either), true or false
 */
public record CaseListFilter(InboxFilter inbox, String assigneeId, boolean unassigned, Boolean breached, String cursor,
        List<String> errors) {

    public static final String UNASSIGNED = "unassigned";
    /** case-service's cursors are opaque; a longer one is not one of theirs. */
    static final int MAX_CURSOR = 500;

    public static CaseListFilter parse(String channel, String status, String priority, String intent, String language,
            String assignee, String breached, String cursor) {
        InboxFilter inbox = InboxFilter.parse(channel, status, priority, intent, language);
        List<String> errors = new ArrayList<>(inbox.errors());
        String assigneeId = null;
        boolean unassigned = false;
        String a = assignee == null || assignee.isBlank() ? null : assignee.strip();
        if (UNASSIGNED.equalsIgnoreCase(a)) {
            unassigned = true;
        } else if (a != null) {
            try {
                assigneeId = UUID.fromString(a).toString();
            } catch (IllegalArgumentException e) {
                errors.add("Assignee must be an agent from the list, or \"unassigned\".");
            }
        }
        Boolean b = null;
        String br = breached == null || breached.isBlank() ? null : breached.strip().toLowerCase(Locale.ROOT);
        if ("yes".equals(br) || "true".equals(br)) {
            b = Boolean.TRUE;
        } else if ("no".equals(br) || "false".equals(br)) {
            b = Boolean.FALSE;
        } else if (br != null) {
            errors.add("Breached is yes (missed an SLA target), no, or empty for either.");
        }
        String c = cursor == null || cursor.isBlank() ? null : cursor.strip();
        if (c != null && (c.length() > MAX_CURSOR || !c.matches("[A-Za-z0-9_=\\-.~]+"))) {
            errors.add("That page link is not valid any more; showing the first page.");
            c = null;
        }
        return new CaseListFilter(inbox, assigneeId, unassigned, b, c, List.copyOf(errors));
    }

    /** The assignee select's value: "", "unassigned" or the agent's id. */
    public String assignee() {
        return unassigned ? UNASSIGNED : assigneeId == null ? "" : assigneeId;
    }

    /** The breached select's value: "", "yes" or "no". */
    public String breachedValue() {
        return breached == null ? "" : breached ? "yes" : "no";
    }

    public boolean any() {
        return inbox.any() || unassigned || assigneeId != null || breached != null;
    }

    /** The filters as a query string ("" or "?a=b&..."), without the cursor; {@code cursor} appends one. */
    public String query() {
        return query(null);
    }

    public String query(String nextCursor) {
        StringBuilder q = new StringBuilder();
        append(q, "channel", inbox.channel());
        append(q, "status", inbox.status());
        append(q, "priority", inbox.priority());
        append(q, "intent", inbox.intent());
        append(q, "language", inbox.language());
        append(q, "assignee", assignee().isEmpty() ? null : assignee());
        append(q, "breached", breachedValue().isEmpty() ? null : breachedValue());
        append(q, "cursor", nextCursor);
        return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
        if (value != null) {
            q.append(q.length() == 0 ? "?" : "&").append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
