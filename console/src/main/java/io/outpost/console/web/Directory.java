package io.outpost.console.web;

import io.outpost.console.api.RoutingApi;
import io.outpost.console.api.Views;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Finds the signed-in person's agent record in routing-service ({@code GET /api/v1/agents/me}, by their token). */
@ApplicationScoped
public class Directory {

    @RestClient
    RoutingApi routing;

    /** The agent, or null when routing knows no agent of this login. */
    public Views.Agent agent() {
        try {
            return routing.me();
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                return null;
            }
            throw e;
        }
    }
}
