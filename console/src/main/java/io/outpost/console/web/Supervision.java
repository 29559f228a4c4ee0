package io.outpost.console.web;

import static io.outpost.console.web.ServiceNames.ROUTING;

import io.outpost.console.api.SupervisionRoutingApi;
import io.outpost.console.api.SupervisionViews;
import io.outpost.console.api.Views;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What the supervisor pages share: who may see them (the layout's navigation asks
 * {@code inject:supervision.allowed}) and routing's whole agent list, fetched page by page.
 */
@Named("supervision")
@RequestScoped
public class Supervision {

    /** The roles of the team view, all cases and canned responses (the APIs they call allow both). */
    public static final String[] ROLES = { "supervisor", "admin" };
    /** routing's largest page. */
    static final int AGENT_PAGE = 200;
    /** A bound on the pages read for one view (2,000 agents): a page never waits on an endless listing. */
    static final int MAX_AGENT_PAGES = 10;

    @Inject
    SecurityIdentity identity;
    @RestClient
    SupervisionRoutingApi routing;

    /** The supervisor pages are for this person (navigation entries). */
    public boolean allowed() {
        return identity != null && !identity.isAnonymous() && (identity.hasRole("supervisor") || identity.hasRole("admin"));
    }

    /** Every agent routing knows, ordered by username. */
    public Outcome<List<Views.Agent>> agents() {
        return Outcome.of(ROUTING, () -> {
            List<Views.Agent> all = new ArrayList<>();
            for (int page = 0; page < MAX_AGENT_PAGES; page++) {
                SupervisionViews.AgentPage p = routing.agents(page * AGENT_PAGE, AGENT_PAGE);
                if (p == null || p.items() == null || p.items().isEmpty()) {
                    break;
                }
                all.addAll(p.items());
                if (all.size() >= p.total()) {
                    break;
                }
            }
            return all;
        });
    }
}
