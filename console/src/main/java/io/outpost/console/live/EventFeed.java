package io.outpost.console.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.console.domain.FanOut;
import io.outpost.contracts.EventJson;
import io.outpost.contracts.EventTypes;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The instance's one consumer of outpost.assignments, outpost.cases and the consoles' own
 * outpost.console-presence (group id unique per instance,
 * from the latest offset: a console shows what happens while its pages are open, it has nothing to
 * catch up on). Every record is acknowledged whatever it holds: an event the console cannot read
 * only means no live refresh, never a stuck consumer.
 */
@ApplicationScoped
public class EventFeed {

    private static final Logger LOG = Logger.getLogger(EventFeed.class);
    private static final ObjectMapper JSON = EventJson.newMapper();

    private final Hub hub;
    private final Presence presence;

    public EventFeed(Hub hub, Presence presence) {
        this.hub = hub;
        this.presence = presence;
    }

    @Incoming("events")
    public CompletionStage<Void> onEvent(Message<String> message) {
        try {
            String type = message.getMetadata(IncomingKafkaRecordMetadata.class)
                    .map(m -> m.getHeaders().lastHeader("ce_type"))
                    .map(EventFeed::value)
                    .orElse(null);
            String value = message.getPayload();
            if (type != null && value != null) {
                JsonNode payload = JSON.readTree(value);
                if (EventTypes.CASE_PRESENCE.equals(type)) {
                    presence.onEvent(payload);
                } else {
                    hub.deliver(FanOut.route(type, payload));
                    hub.deliver(FanOut.team(type, payload));
                }
            }
        } catch (Exception e) {
            LOG.debugf(e, "an event the console cannot read; no live refresh for it");
        }
        return message.ack();
    }

    private static String value(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
