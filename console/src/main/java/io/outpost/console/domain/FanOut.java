package io.outpost.console.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.contracts.EventTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * Which open pages an event concerns, and the SSE event each gets. The events carry no page content:
 * they make the page fetch the fragment again from the services' APIs (with the viewer's own token),
 * so a page always shows the API's truth and an event never shows someone what the API would not.
 *
 * <ul>
 * <li>offer.made / offer.ended: the offered agent only ({@code agentUsername}), {@code offers-changed};
 * an auto-accepted offer also {@code open-case} (the page opens the case) and {@code inbox-changed}.</li>
 * <li>assignment.created: the agent who got it, and everyone's inbox (the case left the unassigned
 * list), and whoever shows the case.</li>
 * <li>every case event ({@code io.outpost.case.*}, post-added included once case-service publishes it):
 * whoever shows the case ({@code case-<id>-changed}) and every open inbox ({@code inbox-changed}): a
 * case can enter or leave an agent's lists (unassigned, mine, missed) with any change, and the event
 * does not say whose lists those are. The inbox re-fetch is throttled in the page.</li>
 * </ul>
 *
 * <p>The supervisors' pages (team view, all cases) are fed by {@link #team}: every offer, assignment and
 * case event changes some agent's load, a queue's depth or a case's row.
 */
public final class FanOut {

    public static final String OFFERS_CHANGED = "offers-changed";
    public static final String OPEN_CASE = "open-case";
    public static final String INBOX_CHANGED = "inbox-changed";
    /** The supervisors' pages (team view, all cases): fetch the figures again. */
    public static final String TEAM_CHANGED = "team-changed";
    static final String CASE_EVENT_PREFIX = "io.outpost.case.";

    private FanOut() {
    }

    /** Who an SSE event goes to. */
    public sealed interface Audience permits User, CaseViewers, InboxViewers, TeamViewers {
    }

    /** Every open page of one person (their login, the token's preferred_username). */
    public record User(String username) implements Audience {
    }

    /** Every page that shows this case. */
    public record CaseViewers(String caseId) implements Audience {
    }

    /** Every open inbox. */
    public record InboxViewers() implements Audience {
    }

    /** Every open supervisor page (team view, all cases). */
    public record TeamViewers() implements Audience {
    }

    public record Delivery(Audience audience, String event, String data) {
    }

    public static String caseChanged(String caseId) {
        return "case-" + caseId + "-changed";
    }

    /** The SSE event that makes a case page fetch its "who else is here" line again. */
    public static String caseViewers(String caseId) {
        return "case-" + caseId + "-viewers";
    }

    /** Who is on a case changed (console presence): every page that shows the case. */
    public static Delivery viewersChanged(String caseId) {
        return new Delivery(new CaseViewers(caseId), caseViewers(caseId), caseId);
    }

    public static List<Delivery> route(String type, JsonNode payload) {
        List<Delivery> out = new ArrayList<>();
        if (type == null || payload == null) {
            return out;
        }
        String caseId = text(payload, "caseId");
        String agent = text(payload, "agentUsername");
        if (EventTypes.OFFER_MADE.equals(type) || EventTypes.OFFER_ENDED.equals(type)) {
            if (agent == null) {
                return out;
            }
            out.add(new Delivery(new User(agent), OFFERS_CHANGED, caseId == null ? "" : caseId));
            boolean auto = payload.path("autoAccept").asBoolean(false);
            boolean accepted = "accepted".equals(text(payload, "outcome"));
            if (auto && caseId != null) {
                out.add(new Delivery(new User(agent), OPEN_CASE, caseId));
            }
            if (auto || accepted) {
                out.add(new Delivery(new User(agent), INBOX_CHANGED, caseId == null ? "" : caseId));
            }
            return out;
        }
        if (EventTypes.ASSIGNMENT_CREATED.equals(type)) {
            if (agent != null) {
                out.add(new Delivery(new User(agent), INBOX_CHANGED, caseId == null ? "" : caseId));
            }
            if (caseId != null) {
                out.add(new Delivery(new InboxViewers(), INBOX_CHANGED, caseId));
                out.add(new Delivery(new CaseViewers(caseId), caseChanged(caseId), caseId));
            }
            return out;
        }
        if (type.startsWith(CASE_EVENT_PREFIX) && caseId != null) {
            out.add(new Delivery(new CaseViewers(caseId), caseChanged(caseId), caseId));
            out.add(new Delivery(new InboxViewers(), INBOX_CHANGED, caseId));
        }
        return out;
    }

    /**
     * The supervisors' pages: an offer made or ended, an assignment, and every case event change an agent's
     * load, a queue's depth, the service level or a row of everyone's cases. One {@code team-changed} (with
     * the case id, or "" when the event names none); the page re-fetches with the supervisor's own token.
     * Kept apart from {@link #route} so the agents' fan-out stays as it was.
     */
    public static List<Delivery> team(String type, JsonNode payload) {
        if (type == null || payload == null) {
            return List.of();
        }
        boolean routing = EventTypes.OFFER_MADE.equals(type) || EventTypes.OFFER_ENDED.equals(type)
                || EventTypes.ASSIGNMENT_CREATED.equals(type);
        if (!routing && !type.startsWith(CASE_EVENT_PREFIX)) {
            return List.of();
        }
        String caseId = text(payload, "caseId");
        return List.of(new Delivery(new TeamViewers(), TEAM_CHANGED, caseId == null ? "" : caseId));
    }

    private static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
