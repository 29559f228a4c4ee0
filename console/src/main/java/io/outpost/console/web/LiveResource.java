package io.outpost.console.web;

import static io.outpost.console.web.ServiceNames.CASES;

import io.outpost.console.api.CaseApi;
import io.outpost.console.live.Hub;
import io.outpost.console.live.Presence;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The SSE stream of one open page: {@code /live} for the inbox, {@code /live?case=<id>} for a case page.
 * Events only name what changed; the page fetches the fragment again. A comment-like ping every 25 s
 * keeps proxies from closing an idle stream and lets the server notice a closed one.
 */
@Path("/live")
@RolesAllowed({ "agent", "supervisor" })
public class LiveResource {

    static final Duration PING = Duration.ofSeconds(25);

    @Inject
    Me me;
    @Inject
    Hub hub;
    @Inject
    Presence presence;

    @Inject
    @RestClient
    CaseApi cases;

    /**
     * Blocking (a worker thread) because a case page's stream first asks case-service whether this person may see
     * the case: an open stream announces its viewer on the case to colleagues (collision control), and who works on
     * a case is not for everyone who can name its id. A case they may not see gets the inbox's stream, no presence.
     */
    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> live(@QueryParam("case") String caseId, @Context Sse sse) {
        String username = me.username();
        String viewed = caseId != null && CaseResource.validId(caseId)
                && Outcome.of(CASES, () -> cases.get(caseId)).ok() ? caseId : null;
        // The request-scoped identity is read now: the stream outlives the request.
        String name = viewed == null ? null : me.name();
        Multi<Hub.Message> events = Multi.createFrom().<Hub.Message>emitter(emitter -> {
            Hub.Connection connection = new Hub.Connection(username, viewed == null ? "inbox" : "case", viewed, emitter);
            hub.add(connection);
            if (viewed != null) {
                // An open case page is its viewer's presence on the case (collision control).
                presence.opened(viewed, username, name);
            }
            emitter.onTermination(() -> {
                hub.remove(connection);
                if (viewed != null) {
                    presence.closed(viewed, username);
                }
            });
        }, BackPressureStrategy.BUFFER).onOverflow().drop();
        Multi<Hub.Message> pings = Multi.createFrom().ticks().every(PING).map(t -> new Hub.Message("ping", ""));
        return Multi.createBy().merging().streams(events, pings)
                .map(m -> sse.newEventBuilder().name(m.event()).data(m.data()).build());
    }
}
