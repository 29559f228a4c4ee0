package io.outpost.cases.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The due times of a case's three SLA targets, from the policy, the calendars and the case's
 * facts. The store calls it whenever a fact changes (a post, a reply, a status, a priority) and
 * keeps the result on the case, where the breach checker and the missed-post view read it.
 *
 * <ul>
 *   <li>First response: counted from the opening post's platform time.</li>
 *   <li>Next response: counted from the start of the current customer turn (the first customer
 *       post after our latest response); none while no turn waits.</li>
 *   <li>Resolution: counted from the opening post's platform time.</li>
 *   <li>Every clock stops while the case is pending on the customer (the pauses); while a pause
 *       is still going on a due time that it postpones is unknown (null).</li>
 * </ul>
 */
public final class SlaSchedule {

    /** The wire names of the targets (case.sla-breached's {@code target}). */
    public static final String FIRST_RESPONSE = "first-response";
    public static final String NEXT_RESPONSE = "next-response";
    public static final String RESOLUTION = "resolution";

    /** What the due times depend on. */
    public record Facts(String channel, SlaPolicy.Visibility visibility, int priority, boolean onlyWeCanAnswer,
            Instant openedAt, Instant turnStartedAt, List<SlaClock.Pause> pauses) {
        public Facts {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(visibility, "visibility");
            Objects.requireNonNull(openedAt, "openedAt");
            pauses = List.copyOf(pauses);
        }
    }

    /** Due times; null where no rule sets a target, no turn waits, or a pause holds the clock. */
    public record Due(Instant firstResponse, Instant nextResponse, Instant resolution) {
    }

    private final SlaPolicy policy;
    private final Map<String, BusinessCalendar> calendars;

    /** @throws IllegalArgumentException when a rule names a calendar that does not exist */
    public SlaSchedule(SlaPolicy policy, Map<String, BusinessCalendar> calendars) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.calendars = Map.copyOf(calendars);
        for (SlaPolicy.Rule rule : policy.rules()) {
            for (SlaPolicy.Target target : rule.targets().values()) {
                if (!this.calendars.containsKey(target.calendarId())) {
                    throw new IllegalArgumentException("an SLA rule names calendar '" + target.calendarId()
                            + "', which is not configured");
                }
            }
        }
    }

    public Due due(Facts facts) {
        SlaPolicy.CaseKey key = new SlaPolicy.CaseKey(facts.channel(), facts.visibility(), facts.priority(),
                facts.onlyWeCanAnswer());
        Instant first = dueAt(SlaPolicy.Metric.FIRST_RESPONSE, key, facts.openedAt(), facts.pauses());
        Instant next = facts.turnStartedAt() == null ? null
                : dueAt(SlaPolicy.Metric.NEXT_RESPONSE, key, facts.turnStartedAt(), facts.pauses());
        Instant resolution = dueAt(SlaPolicy.Metric.RESOLUTION, key, facts.openedAt(), facts.pauses());
        return new Due(first, next, resolution);
    }

    private Instant dueAt(SlaPolicy.Metric metric, SlaPolicy.CaseKey key, Instant start, List<SlaClock.Pause> pauses) {
        Optional<SlaPolicy.Target> target = policy.target(metric, key);
        if (target.isEmpty()) {
            return null;
        }
        BusinessCalendar calendar = calendars.get(target.get().calendarId());
        return new SlaClock(calendar, start, target.get().duration(), pauses).dueAt().orElse(null);
    }
}
