package io.outpost.console.live;

import io.outpost.console.domain.FanOut;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's open SSE connections and who they belong to. Events are fanned out in memory:
 * each console instance consumes every event it needs itself, so a page works whichever instance
 * a load balancer sent its SSE connection to.
 */
@ApplicationScoped
public class Hub {

    /** One open page: whose it is and what it shows ("inbox", or the case id it shows). */
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
    }

    public int size() {
        return connections.size();
    }

    public void deliver(List<FanOut.Delivery> deliveries) {
        for (FanOut.Delivery delivery : deliveries) {
            for (Connection c : connections) {
                if (concerns(delivery.audience(), c)) {
                    c.emitter().emit(new Message(delivery.event(), delivery.data()));
                }
            }
        }
    }

    static boolean concerns(FanOut.Audience audience, Connection c) {
        if (audience instanceof FanOut.User user) {
            return user.username().equals(c.username());
        }
        if (audience instanceof FanOut.CaseViewers viewers) {
            return viewers.caseId().equals(c.caseId());
        }
        return "inbox".equals(c.page());
    }
}
