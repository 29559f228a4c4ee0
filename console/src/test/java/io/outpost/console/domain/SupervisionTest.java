package io.outpost.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.contracts.EventTypes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The supervisor pages' logic: the team board, everyone's cases' filters, the canned response form, their fan-out. */
class SupervisionTest {

    static TeamBoard.Member member(String name, String team, String presence) {
        return new TeamBoard.Member(name + "-id", name.toLowerCase(), name, team, presence, null, Map.of("x", 3),
                Map.of("x", 1), 0);
    }

    @Test
    void agentsAreGroupedByTeamNoTeamLastAndWhoCanTakeWorkComesFirst() {
        List<TeamBoard.Team> teams = TeamBoard.teams(List.of(member("Zoe", "care", "offline"), member("Ann", "care", "away"),
                member("Bo", null, "available"), member("Cy", "billing", "busy"), member("Al", "care", "available"),
                member("Di", "care", "on-break")));
        assertThat(teams).extracting(TeamBoard.Team::name).containsExactly("billing", "care", "no team");
        assertThat(teams.get(1).members()).extracting(TeamBoard.Member::name).containsExactly("Al", "Ann", "Zoe", "Di");
        assertThat(teams.get(1).summary()).isEqualTo("1 available, 1 away, 1 offline, 1 on-break");
        assertThat(TeamBoard.presenceSummary(List.of())).isEqualTo("nobody");
    }

    @Test
    void capacityInWords() {
        assertThat(TeamBoard.capacityWords(1, 3)).isEqualTo("1 of 3 (2 free)");
        assertThat(TeamBoard.capacityWords(3, 3)).isEqualTo("3 of 3 (full)");
        assertThat(TeamBoard.capacityWords(4, 3)).isEqualTo("4 of 3 (1 over)");
        assertThat(TeamBoard.capacityWords(2, 0)).isEqualTo("2, not routed here");
        TeamBoard.Member m = new TeamBoard.Member("1", "jo", null, null, "available", null, Map.of("x", 2, "chat", 1),
                Map.of("x", 2, "email", 1), 0);
        assertThat(TeamBoard.channels(m)).containsExactly(
                new TeamBoard.ChannelUse("chat", 0, 1, "0 of 1 (1 free)", false),
                new TeamBoard.ChannelUse("email", 1, 0, "1, not routed here", false),
                new TeamBoard.ChannelUse("x", 2, 2, "2 of 2 (full)", true));
        assertThat(m.label()).isEqualTo("jo");
    }

    @Test
    void waitsAndFiguresInWords() {
        assertThat(TeamBoard.waitWords(0, 999)).isEqualTo("none waiting");
        assertThat(TeamBoard.waitWords(1, 45)).isEqualTo("45 s");
        assertThat(TeamBoard.waitWords(2, 12 * 60 + 5)).isEqualTo("12 min");
        assertThat(TeamBoard.waitWords(2, 2 * 3600 + 5 * 60)).isEqualTo("2 h 05 min");
        assertThat(TeamBoard.waitWords(2, 3 * 86_400 + 4 * 3600)).isEqualTo("3 d 4 h");
        assertThat(TeamBoard.duration(null)).isEqualTo("—");
        assertThat(TeamBoard.percent(92.345)).isEqualTo("92.3 %");
        assertThat(TeamBoard.percent(null)).isEqualTo("—");
    }

    @Test
    void everyonesCasesFilterByAssigneeAndBreachedOnTopOfTheInboxFilters() {
        String agent = "a9e1c2d3-0000-4000-8000-00000000000a";
        CaseListFilter f = CaseListFilter.parse("x", "open", null, null, null, agent, "yes", null);
        assertThat(f.errors()).isEmpty();
        assertThat(f.assigneeId()).isEqualTo(agent);
        assertThat(f.unassigned()).isFalse();
        assertThat(f.breached()).isTrue();
        assertThat(f.query()).isEqualTo("?channel=x&status=open&assignee=" + agent + "&breached=yes");
        assertThat(f.query("abc_-")).endsWith("&cursor=abc_-");

        CaseListFilter none = CaseListFilter.parse(null, null, null, null, null, "unassigned", "no", null);
        assertThat(none.unassigned()).isTrue();
        assertThat(none.assigneeId()).isNull();
        assertThat(none.breached()).isFalse();
        assertThat(none.assignee()).isEqualTo("unassigned");
        assertThat(none.any()).isTrue();
        assertThat(CaseListFilter.parse(null, null, null, null, null, "", "", "").any()).isFalse();
    }

    @Test
    void badFilterValuesAreDroppedWithAMessage() {
        CaseListFilter f = CaseListFilter.parse("fax", null, "9", null, null, "bob", "maybe", "not a cursor!");
        assertThat(f.errors()).hasSize(5).anyMatch(e -> e.startsWith("Assignee must be"))
                .anyMatch(e -> e.startsWith("Breached is")).anyMatch(e -> e.startsWith("That page link"));
        assertThat(f.assigneeId()).isNull();
        assertThat(f.breached()).isNull();
        assertThat(f.cursor()).isNull();
        assertThat(f.query()).isEmpty();
    }

    @Test
    void theCannedFormLeavesBlankOptionalFieldsOutAndSplitsTags() {
        CannedInput in = CannedInput.parse(" ", "Ask for a DM", "Hi {{customer.handle}}", "", " en ", "dm, delivery,,dm ", "3");
        assertThat(in.team()).isNull();
        assertThat(in.channel()).isNull();
        assertThat(in.language()).isEqualTo("en");
        assertThat(in.tags()).containsExactly("dm", "delivery");
        assertThat(in.tagText()).isEqualTo("dm, delivery");
        assertThat(in.version()).isEqualTo(3L);
        assertThat(CannedInput.parse(null, null, null, null, null, null, "x").version()).isNull();
        // The placeholders explained on the page are case-service's (CannedText.PLACEHOLDERS).
        assertThat(CannedInput.PLACEHOLDERS.keySet()).containsExactly("{{customer.handle}}", "{{customer.name}}",
                "{{agent.name}}", "{{case.id}}", "{{brand.account}}");
    }

    @Test
    void offersAssignmentsAndCaseEventsRefreshTheSupervisorPagesAndNothingElseDoes() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String caseId = "0b7c1a10-0000-4000-8000-000000000001";
        for (String type : List.of(EventTypes.OFFER_MADE, EventTypes.OFFER_ENDED, EventTypes.ASSIGNMENT_CREATED,
                EventTypes.CASE_OPENED, EventTypes.CASE_UPDATED, EventTypes.CASE_SLA_BREACHED, "io.outpost.case.new-thing.v1")) {
            assertThat(FanOut.team(type, json.readTree("{\"caseId\":\"" + caseId + "\",\"agentUsername\":\"jo\"}")))
                    .as(type).containsExactly(new FanOut.Delivery(new FanOut.TeamViewers(), FanOut.TEAM_CHANGED, caseId));
        }
        assertThat(FanOut.team(EventTypes.OFFER_MADE, json.readTree("{}")))
                .containsExactly(new FanOut.Delivery(new FanOut.TeamViewers(), FanOut.TEAM_CHANGED, ""));
        assertThat(FanOut.team(EventTypes.SURVEY_SENT, json.readTree("{\"caseId\":\"" + caseId + "\"}"))).isEmpty();
        assertThat(FanOut.team(null, json.readTree("{}"))).isEmpty();
    }
}
