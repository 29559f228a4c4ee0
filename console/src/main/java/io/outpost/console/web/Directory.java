package io.outpost.console.web;

import io.outpost.console.api.RoutingApi;
import io.outpost.console.api.Views;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Finds the signed-in person's agent record in routing-service. routing lists agents by username
 * order in pages; the console asks with {@code username=} (a routing that filters answers one page)
 * and checks the username itself either way.
 */
@ApplicationScoped
public class Directory {

    static final int PAGE = 200;
    static final int MAX_PAGES = 25;

    @RestClient
    RoutingApi routing;

    /** The agent, or null when routing knows no agent of this login. */
    public Views.Agent agent(String username) {
        for (int page = 0; page < MAX_PAGES; page++) {
            Views.AgentPage agents = routing.agents(username, page * PAGE, PAGE);
            if (agents == null || agents.items() == null) {
                return null;
            }
            for (Views.Agent a : agents.items()) {
                if (username.equals(a.username())) {
                    return a;
                }
            }
            if ((long) (page + 1) * PAGE >= agents.total()) {
                return null;
            }
        }
        return null;
    }
}
