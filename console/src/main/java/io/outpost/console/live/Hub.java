package io.outpost.console.live;

import io.outpost.console.domain.FanOut;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This instance's open SSE connections and who they belong to. Events are fanned out in memory:
 * each console instance consumes every event it needs itself, so a page works whichever instance
 * a load balancer sent its SSE connection to.
 *
 * <p>Events are coalesced per page and event name on the <em>trailing</em> edge: the first event
 * opens a short window ({@link #COALESCE}), later ones within it are folded into it, and one message
 * goes out when it closes. A page re-fetches after the last event of a burst, so it shows the state
 * that burst led to. (htmx's own {@code throttle} fires on the leading edge and drops the rest: routing's
 * {@code assignment.created} made an inbox re-fetch before case-service had applied it, and
 * case-service's {@code case.updated} a moment later was dropped, so the case stayed in a colleague's
 * unassigned list; found by system-tests' ConsoleWalkthroughTest.) A steady stream still sends one
 * message per window, never none.
 */
@ApplicationScoped
public class Hub {

    /** How long a page's events are gathered before one message goes out. */
    static final Duration COALESCE = Duration.ofMillis(300);

    private final Duration window;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "console-live-coalesce");
        thread.setDaemon(true);
        return thread;
    });
    /** Per page, the events waiting for their window to close (event name to its latest data). */
    private final Map<Connection, Map<String, String>> pending = new ConcurrentHashMap<>();

    public Hub() {
        this(COALESCE);
    }

    Hub(Duration window) {
        this.window = window;
    }

    /** The page name of the supervisors' pages (team view, all cases): they get {@code team-changed}. */
    public static final String TEAM_PAGE = "team";

    /** One open page: whose it is and what it shows ("inbox", "team", or the case id it shows). */
    public record Connection(String username, String page, String caseId, MultiEmitter<? super Message> emitter) {
    }

    /** An SSE event to send: its name and data. */
    public record Message(String event, String data) {
    }

    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    public void add(Connection connection) {
        connections.add(connection);
    }

    public void remove(Connection connection) {
        connections.remove(connection);
        pending.remove(connection);
    }

    public int size() {
        return connections.size();
    }

    public void deliver(List<FanOut.Delivery> deliveries) {
        for (FanOut.Delivery delivery : deliveries) {
            for (Connection c : connections) {
                if (concerns(delivery.audience(), c)) {
                    send(c, delivery.event(), delivery.data());
                }
            }
        }
    }

    private void send(Connection c, String event, String data) {
        Map<String, String> waiting = pending.computeIfAbsent(c, k -> new ConcurrentHashMap<>());
        if (waiting.put(event, data) == null) {
            timer.schedule(() -> {
                String latest = waiting.remove(event);
                if (latest != null && connections.contains(c)) {
                    c.emitter().emit(new Message(event, latest));
                }
            }, window.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    static boolean concerns(FanOut.Audience audience, Connection c) {
        if (audience instanceof FanOut.User user) {
            return user.username().equals(c.username());
        }
        if (audience instanceof FanOut.CaseViewers viewers) {
            return viewers.caseId().equals(c.caseId());
        }
        if (audience instanceof FanOut.TeamViewers) {
            return TEAM_PAGE.equals(c.page());
        }
        return "inbox".equals(c.page());
    }
}
