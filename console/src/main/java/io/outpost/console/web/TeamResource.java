package io.outpost.console.web;

import static io.outpost.console.web.ServiceNames.CASES;
import static io.outpost.console.web.ServiceNames.ROUTING;

import io.outpost.console.api.SupervisionCaseApi;
import io.outpost.console.api.SupervisionRoutingApi;
import io.outpost.console.api.SupervisionViews;
import io.outpost.console.api.Views;
import io.outpost.console.domain.TeamBoard;
import io.outpost.console.live.Hub;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The team view (supervisors, admins: routing's agents and queues and case-service's service level
 * allow both): every agent with presence, capacity used per channel and open cases; the queues; the
 * service level. Live through {@code /team/live} ({@code team-changed}).
 */
@Path("/team")
@TemplateData(target = TeamBoard.ChannelUse.class)
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ "supervisor", "admin" })
public class TeamResource {


    @Inject
    Me me;
    @Inject
    Csrf csrf;
    @Inject
    Supervision supervision;
    @Inject
    Hub hub;
    @RestClient
    SupervisionCaseApi cases;
    @RestClient
    SupervisionRoutingApi routing;

    @Inject
    @Location("team.html")
    Template page;
    @Inject
    @Location("team-board.html")
    Template board;

    /** One agent's row. {@code openCases} is "—" when case-service did not answer. */
    @TemplateData
    public record AgentRow(String name, String username, String presence, String reason, String since,
            List<TeamBoard.ChannelUse> channels, String openCases) {
    }

    @TemplateData
    public record TeamRows(String name, String summary, List<AgentRow> agents) {
    }

    @TemplateData
    public record QueueRow(String name, long waiting, long offered, String oldestWait, boolean longWait) {
    }

    @TemplateData
    public record LevelRow(String group, int cases, String firstResponseP50, String firstResponseP90, String attainment,
            String responseRate, long backlog) {
    }

    /** The figures of the team's state worth a colour: a queue whose oldest case has waited this long. */
    static final long LONG_WAIT_SECONDS = 15 * 60;

    @GET
    public TemplateInstance show() {
        return page.data("me", me).data("csrf", csrf.token()).data("board", data());
    }

    @GET
    @Path("fragment")
    public TemplateInstance fragment() {
        return board.data("board", data());
    }

    /** The team pages' SSE stream: {@code team-changed} on every offer, assignment and case event. */
    @GET
    @Path("live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> live(@Context Sse sse) {
        return stream(hub, me.username(), sse);
    }

    static Multi<OutboundSseEvent> stream(Hub hub, String username, Sse sse) {
        Multi<Hub.Message> events = Multi.createFrom().<Hub.Message>emitter(emitter -> {
            Hub.Connection connection = new Hub.Connection(username, Hub.TEAM_PAGE, null, emitter);
            hub.add(connection);
            emitter.onTermination(() -> hub.remove(connection));
        }, BackPressureStrategy.BUFFER).onOverflow().drop();
        Multi<Hub.Message> pings = Multi.createFrom().ticks().every(LiveResource.PING).map(t -> new Hub.Message("ping", ""));
        return Multi.createBy().merging().streams(events, pings)
                .map(m -> sse.newEventBuilder().name(m.event()).data(m.data()).build());
    }

    Map<String, Object> data() {
        Outcome<List<Views.Agent>> agents = supervision.agents();
        // Open cases per agent: case-service's backlog (cases not finished now) grouped by agent id.
        Outcome<SupervisionViews.ServiceLevel> byAgent = Outcome.of(CASES, () -> cases.serviceLevel("agent"));
        Map<String, Long> open = new HashMap<>();
        if (byAgent.ok() && byAgent.value() != null && byAgent.value().groups() != null) {
            byAgent.value().groups().forEach(g -> open.put(g.group(), g.backlog()));
        }
        List<TeamBoard.Member> members = new ArrayList<>();
        if (agents.ok() && agents.value() != null) {
            for (Views.Agent a : agents.value()) {
                String id = String.valueOf(a.id());
                members.add(new TeamBoard.Member(id, a.username(), a.displayName(), a.team(), a.presence(),
                        a.presenceReason(), a.channels(), a.load(), open.getOrDefault(id, 0L)));
            }
        }
        Map<String, String> since = new HashMap<>();
        if (agents.ok() && agents.value() != null) {
            agents.value().forEach(a -> since.put(String.valueOf(a.id()), a.presenceSince() == null ? "" : a.presenceSince().toString()));
        }
        List<TeamRows> teams = new ArrayList<>();
        for (TeamBoard.Team t : TeamBoard.teams(members)) {
            teams.add(new TeamRows(t.name(), t.summary(), t.members().stream().map(m -> new AgentRow(m.label(), m.username(),
                    m.presence() == null ? "unknown" : m.presence(), m.reason() == null ? "" : m.reason(), since.getOrDefault(m.id(), ""),
                    TeamBoard.channels(m), byAgent.ok() ? String.valueOf(m.openCases()) : "—")).toList()));
        }

        Outcome<SupervisionViews.Queues> queues = Outcome.of(ROUTING, () -> routing.queues());
        List<QueueRow> queueRows = queues.ok() && queues.value() != null && queues.value().queues() != null
                ? queues.value().queues().stream().map(q -> new QueueRow(q.name(), q.waiting(), q.offered(),
                        TeamBoard.waitWords(q.waiting(), q.longestWaitSeconds()),
                        q.waiting() > 0 && q.longestWaitSeconds() >= LONG_WAIT_SECONDS)).toList()
                : List.of();

        Outcome<SupervisionViews.ServiceLevel> level = Outcome.of(CASES, () -> cases.serviceLevel("channel"));
        List<LevelRow> levelRows = new ArrayList<>();
        LevelRow total = null;
        if (level.ok() && level.value() != null) {
            if (level.value().groups() != null) {
                level.value().groups().forEach(g -> levelRows.add(levelRow(g)));
            }
            total = level.value().total() == null ? null : levelRow(level.value().total());
        }
        Map<String, Object> data = new HashMap<>();
        data.put("agentsError", agents.ok() ? "" : agents.message());
        data.put("openError", byAgent.ok() ? "" : byAgent.message());
        data.put("teams", teams);
        data.put("queuesError", queues.ok() ? "" : queues.message());
        data.put("queues", queueRows);
        data.put("levelError", level.ok() ? "" : level.message());
        data.put("levels", levelRows);
        data.put("total", total);
        return data;
    }

    static LevelRow levelRow(SupervisionViews.LevelGroup g) {
        SupervisionViews.Percentiles fr = g.firstResponse();
        return new LevelRow(g.group(), g.cases(), TeamBoard.duration(fr == null ? null : fr.p50Seconds()),
                TeamBoard.duration(fr == null ? null : fr.p90Seconds()), TeamBoard.percent(g.slaAttainmentPercent()),
                TeamBoard.percent(g.responseRatePercent()), g.backlog());
    }
}
