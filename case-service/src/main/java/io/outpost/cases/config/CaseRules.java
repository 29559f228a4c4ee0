package io.outpost.cases.config;

import io.outpost.cases.domain.BusinessCalendar;
import io.outpost.cases.domain.CaseTriage;
import io.outpost.cases.domain.SlaPolicy;
import io.outpost.cases.domain.SlaSchedule;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The triage rules and the SLA schedule, read from {@link CasesConfig} into the domain's records
 * once, at startup: a bad rule, zone, range or calendar reference stops the service from starting
 * with a message naming it, instead of failing case by case later.
 */
@Startup
@ApplicationScoped
public class CaseRules {

    private final CaseTriage.Rules triage;
    private final SlaSchedule sla;

    public CaseRules(CasesConfig config) {
        this.triage = triage(config);
        this.sla = sla(config.sla());
    }

    public CaseTriage.Rules triage() {
        return triage;
    }

    public SlaSchedule sla() {
        return sla;
    }

    static CaseTriage.Rules triage(CasesConfig config) {
        CasesConfig.Triage t = config.triage();
        return new CaseTriage.Rules(config.defaultPriority(), lowerKeys(t.priorityByIntent()),
                t.negativeSentimentAtOrBelow(), t.urgencyHintsRaisePriority(), lowerKeys(t.skillsByIntent()),
                lowerKeys(t.skillsByLanguage()), lowerKeys(t.skillsByChannel()),
                Set.copyOf(t.onlyWeCanAnswerIntents().orElse(List.of()).stream()
                        .map(s -> s.strip().toLowerCase(Locale.ROOT)).toList()));
    }

    static SlaSchedule sla(CasesConfig.Sla config) {
        Map<String, BusinessCalendar> calendars = new HashMap<>();
        config.calendars().forEach((id, c) -> calendars.put(id, calendar(id, c)));
        calendars.putIfAbsent(SlaPolicy.DEFAULT_CALENDAR, BusinessCalendar.always(ZoneId.of("UTC")));
        List<SlaPolicy.Rule> rules = new ArrayList<>();
        for (int i = 0; i < config.rules().size(); i++) {
            rules.add(rule(i, config.rules().get(i)));
        }
        if (rules.isEmpty()) {
            rules.addAll(SlaPolicy.defaults().rules());
        }
        return new SlaSchedule(new SlaPolicy(rules), calendars);
    }

    private static BusinessCalendar calendar(String id, CasesConfig.Calendar c) {
        ZoneId zone;
        try {
            zone = ZoneId.of(c.zone());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("calendar " + id + ": unknown zone '" + c.zone() + "'", e);
        }
        if (c.hours().isEmpty()) {
            return BusinessCalendar.always(zone);
        }
        BusinessCalendar.Builder builder = BusinessCalendar.builder(zone);
        Map<DayOfWeek, String[]> byDay = new EnumMap<>(DayOfWeek.class);
        // Groups first, single days after: a single day overrides its group whatever the key order.
        for (String group : List.of("every-day", "weekdays")) {
            if (c.hours().containsKey(group)) {
                for (DayOfWeek d : DayOfWeek.values()) {
                    if (group.equals("every-day") || (d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY)) {
                        byDay.put(d, ranges(c.hours().get(group)));
                    }
                }
            }
        }
        c.hours().forEach((day, ranges) -> {
            if (!day.equals("every-day") && !day.equals("weekdays")) {
                try {
                    byDay.put(DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT)), ranges(ranges));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("calendar " + id + ": '" + day
                            + "' is not a day (monday .. sunday, weekdays, every-day)", e);
                }
            }
        });
        try {
            byDay.forEach(builder::hours);
            c.holidays().ifPresent(builder::holidays);
            return builder.build();
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IllegalArgumentException("calendar " + id + ": " + e.getMessage(), e);
        }
    }

    private static String[] ranges(List<String> ranges) {
        return ranges.stream().map(String::strip).toArray(String[]::new);
    }

    private static SlaPolicy.Rule rule(int index, CasesConfig.Rule r) {
        Map<SlaPolicy.Metric, SlaPolicy.Target> targets = new EnumMap<>(SlaPolicy.Metric.class);
        r.firstResponse().ifPresent(d -> targets.put(SlaPolicy.Metric.FIRST_RESPONSE, target(r, d)));
        r.nextResponse().ifPresent(d -> targets.put(SlaPolicy.Metric.NEXT_RESPONSE, target(r, d)));
        r.resolution().ifPresent(d -> targets.put(SlaPolicy.Metric.RESOLUTION, target(r, d)));
        try {
            SlaPolicy.Visibility visibility = r.visibility()
                    .map(v -> SlaPolicy.Visibility.valueOf(v.strip().toUpperCase(Locale.ROOT))).orElse(null);
            return new SlaPolicy.Rule(r.channel().map(String::strip).orElse(null), visibility,
                    r.priority().orElse(null), r.onlyWeCanAnswer().orElse(null), targets);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outpost.cases.sla.rules[" + index + "]: " + e.getMessage(), e);
        }
    }

    private static SlaPolicy.Target target(CasesConfig.Rule r, Duration d) {
        return new SlaPolicy.Target(d, r.calendar());
    }

    private static <V> Map<String, V> lowerKeys(Map<String, V> map) {
        Map<String, V> out = new HashMap<>();
        map.forEach((k, v) -> out.put(k.strip().toLowerCase(Locale.ROOT), v));
        return out;
    }
}
