package io.outpost.cases.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.cases.domain.CaseTriage;
import io.outpost.cases.domain.SlaPolicy;
import io.outpost.cases.domain.SlaSchedule;
import io.outpost.contracts.events.PostIngested;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration read into triage rules, calendars and SLA rules, without Quarkus. */
class CaseRulesTest {

    private static CasesConfig config(Map<String, String> properties) {
        // Quarkus' own Duration converter, so "15M" reads as the application reads it.
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(CasesConfig.class)
                .withConverter(Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(CasesConfig.class);
    }

    private static Map<String, String> office() {
        Map<String, String> p = new HashMap<>();
        p.put("outpost.cases.sla.calendars.office.zone", "Europe/Berlin");
        p.put("outpost.cases.sla.calendars.office.hours.weekdays", "09:00-17:00");
        p.put("outpost.cases.sla.calendars.office.hours.saturday", "10:00-12:00,13:00-14:00");
        p.put("outpost.cases.sla.calendars.office.holidays", "2026-12-25");
        p.put("outpost.cases.sla.rules[0].visibility", "public");
        p.put("outpost.cases.sla.rules[0].first-response", "3H");
        p.put("outpost.cases.sla.rules[0].calendar", "office");
        p.put("outpost.cases.sla.rules[1].channel", "x");
        p.put("outpost.cases.sla.rules[1].visibility", "public");
        p.put("outpost.cases.sla.rules[1].priority", "1");
        p.put("outpost.cases.sla.rules[1].first-response", "15M");
        return p;
    }

    private static SlaSchedule.Facts publicPost(String channel, int priority, Instant at) {
        return new SlaSchedule.Facts(channel, SlaPolicy.Visibility.PUBLIC, priority, false, at, null, List.of());
    }

    @Test
    void calendarsAndRulesComeFromConfiguration() {
        SlaSchedule sla = CaseRules.sla(config(office()).sla());
        // Friday 16:30 in Berlin: 30 min on Friday, 2 h in Saturday's first range, 30 min in its second: 13:30.
        Instant friday = Instant.parse("2026-11-20T15:30:00Z");
        assertThat(sla.due(publicPost("forum", 3, friday)).firstResponse()).isEqualTo(Instant.parse("2026-11-21T12:30:00Z"));
        // The x priority-1 rule counts on the default calendar, around the clock.
        assertThat(sla.due(publicPost("x", 1, friday)).firstResponse()).isEqualTo(friday.plus(Duration.ofMinutes(15)));
        assertThat(sla.due(publicPost("x", 1, friday)).resolution()).as("no rule sets one").isNull();
    }

    @Test
    void withoutRulesThePracticeDefaultsApply() {
        SlaSchedule sla = CaseRules.sla(config(Map.of()).sla());
        Instant at = Instant.parse("2026-11-20T15:30:00Z");
        assertThat(sla.due(publicPost("x", 3, at)).firstResponse()).isEqualTo(at.plus(Duration.ofMinutes(30)));
        assertThat(sla.due(publicPost("forum", 3, at)).firstResponse()).isEqualTo(at.plus(Duration.ofHours(12)));
    }

    @Test
    void badCalendarsAndRulesStopTheStartWithTheirName() {
        Map<String, String> zone = office();
        zone.put("outpost.cases.sla.calendars.office.zone", "Mars/Olympus");
        assertThatThrownBy(() -> CaseRules.sla(config(zone).sla())).hasMessageContaining("office")
                .hasMessageContaining("Mars/Olympus");
        Map<String, String> day = office();
        day.put("outpost.cases.sla.calendars.office.hours.funday", "09:00-10:00");
        assertThatThrownBy(() -> CaseRules.sla(config(day).sla())).hasMessageContaining("funday");
        Map<String, String> calendar = office();
        calendar.put("outpost.cases.sla.rules[0].calendar", "nowhere");
        assertThatThrownBy(() -> CaseRules.sla(config(calendar).sla())).hasMessageContaining("nowhere");
        Map<String, String> visibility = office();
        visibility.put("outpost.cases.sla.rules[1].visibility", "secret");
        assertThatThrownBy(() -> CaseRules.sla(config(visibility).sla())).hasMessageContaining("rules[1]");
    }

    @Test
    void triageRulesComeFromConfiguration() {
        Map<String, String> p = new HashMap<>();
        p.put("outpost.cases.default-priority", "3");
        p.put("outpost.cases.triage.priority-by-intent.Outage", "1");
        p.put("outpost.cases.triage.skills-by-intent.billing", "billing,finance");
        p.put("outpost.cases.triage.skills-by-language.\"*\"", "lang:{value}");
        p.put("outpost.cases.triage.skills-by-channel.x", "channel:x");
        p.put("outpost.cases.triage.only-we-can-answer-intents", "billing");
        CaseTriage.Rules rules = CaseRules.triage(config(p));
        CaseTriage.Result r = CaseTriage.triage(rules, "x",
                new PostIngested.Enrichment("de", null, "billing", null, null));
        assertThat(r.requiredSkills()).containsExactly("billing", "finance", "lang:de", "channel:x");
        assertThat(r.onlyWeCanAnswer()).isTrue();
        assertThat(CaseTriage.triage(rules, "x", new PostIngested.Enrichment(null, null, "outage", null, null))
                .priority()).isEqualTo(1);
    }
}
