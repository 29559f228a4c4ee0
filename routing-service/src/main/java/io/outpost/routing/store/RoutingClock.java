package io.outpost.routing.store;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/** Routing's "now" (UTC), in one place: every step of routing and the API's times read it. */
@ApplicationScoped
public class RoutingClock {

    private final Clock clock = Clock.systemUTC();

    public Instant now() {
        return Instant.now(clock);
    }
}
