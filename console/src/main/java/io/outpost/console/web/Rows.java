package io.outpost.console.web;

import io.outpost.console.api.Views;
import io.outpost.console.domain.Countdown;
import io.outpost.console.domain.SlaUrgency;
import io.quarkus.qute.TemplateData;
import java.time.Instant;
import java.util.List;

/** What the templates print, computed here so that templates stay plain. */
public final class Rows {

    private Rows() {
    }

    @TemplateData
    public record CaseRow(String id, String customer, String channel, String status, int priority, String intent,
            String language, String assignee, String dueAt, String countdown, String urgencyClass, String urgencyWords) {

        /** When the row's SLA level moves on (the page re-fetches its rows then), or "". */
        public String urgencyChangesAt() {
            return Rows.changesAt(dueAt, urgencyClass);
        }
    }

    /** {@link SlaUrgency#changesAt} for a rendered due time and level class, as the templates print it. */
    public static String changesAt(String dueAt, String urgencyClass) {
        if (dueAt == null || dueAt.isEmpty() || urgencyClass == null || !urgencyClass.startsWith("sla-")) {
            return "";
        }
        Instant at = SlaUrgency.valueOf(urgencyClass.substring(4).toUpperCase(java.util.Locale.ROOT))
                .changesAt(Instant.parse(dueAt));
        return at == null ? "" : at.toString();
    }

    @TemplateData
    public record MissedRow(String caseId, String channel, int priority, String target, String waitingSince,
            String waiting, String text, String failure) {
    }

    @TemplateData
    public record OfferRow(String offerId, String caseId, String channel, String summary, String expiresAt,
            String countdown) {
    }

    @TemplateData
    public record Capacity(String channel, int used, int capacity) {
    }

    public static CaseRow row(Views.CaseSummary c, Instant now) {
        Instant due = Countdown.nextDue(c.nextDueAt(), targets(c.sla()));
        SlaUrgency urgency = "resolved".equals(c.status()) || "closed".equals(c.status()) ? SlaUrgency.NONE
                : SlaUrgency.of(due, now);
        return new CaseRow(String.valueOf(c.id()), c.customer() == null ? "unknown customer" : c.customer().label(),
                c.channel(), c.status(), c.priority(), c.intent(), c.language(),
                c.assignee() == null ? null : (c.assignee().name() != null ? c.assignee().name() : c.assignee().username()),
                due == null ? "" : due.toString(), urgency == SlaUrgency.NONE ? "—" : Countdown.format(due, now),
                urgency.cssClass(), urgency.words());
    }

    public static MissedRow missed(Views.Missed m, Instant now) {
        return new MissedRow(String.valueOf(m.caseId()), m.channel(), m.priority(), m.target(),
                m.waitingSince() == null ? "" : m.waitingSince().toString(),
                m.waitingSince() == null ? "" : Countdown.format(now, m.waitingSince()).replace(" overdue", ""),
                m.post() == null ? "" : m.post().text(),
                m.failedReply() == null ? null : m.failedReply().failureReason());
    }

    static List<Countdown.Target> targets(List<Views.SlaTarget> sla) {
        return sla == null ? List.of() : sla.stream().map(t -> new Countdown.Target(t.dueAt(), t.state())).toList();
    }
}
