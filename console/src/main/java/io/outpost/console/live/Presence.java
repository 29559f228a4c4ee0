package io.outpost.console.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.console.domain.FanOut;
import io.outpost.console.domain.LocalPresence;
import io.outpost.console.domain.PresenceRegistry;
import io.outpost.contracts.EventJson;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.events.CasePresence;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Who else is on a case, across console instances (collision control, issue #18). Each instance publishes
 * what it knows of its own case pages ({@link LocalPresence}) on {@code outpost.console-presence}: at once on a
 * join, a leave or a change between viewing and replying, and every {@code heartbeat} for everyone still there.
 * Every instance, this one included, reads the topic (the one consumer, {@link EventFeed}) into its
 * {@link PresenceRegistry}, which forgets an entry after three missed heartbeats, and tells the case's open pages
 * ({@code case-<id>-viewers}) when the people shown change; the page fetches its line again.
 *
 * <p>Through Kafka even for this instance's own pages: one path, and two instances behind a load balancer see
 * the same. Without Kafka there is no presence (nor any live update); the pages still work.
 */
@ApplicationScoped
// Jackson reads and writes the payload by reflection: a native executable must keep it (the console has no service-kit).
@RegisterForReflection(targets = { CasePresence.class, CasePresence.State.class })
public class Presence {

    private static final Logger LOG = Logger.getLogger(Presence.class);
    private static final ObjectMapper JSON = EventJson.newMapper();
    /** How long after the last typing report someone counts as replying (the box reports at most every 3 s). */
    static final Duration REPLYING_IDLE = Duration.ofSeconds(10);
    /** How often expiries and idle typing are looked for. */
    static final Duration SWEEP = Duration.ofSeconds(1);

    private final Hub hub;
    private final Consumer<CasePresence> publisher;
    private final Clock clock;
    private final String instanceId;
    private final Duration heartbeat;
    private final LocalPresence local;
    private final PresenceRegistry registry;
    private ScheduledExecutorService timer;

    @Inject
    public Presence(Hub hub, @Channel("presence-out") @OnOverflow(OnOverflow.Strategy.DROP) Emitter<String> out,
            @ConfigProperty(name = "console.presence.heartbeat", defaultValue = "10s") Duration heartbeat) {
        this(hub, e -> send(out, e), Clock.systemUTC(), instanceName(), heartbeat);
    }

    Presence(Hub hub, Consumer<CasePresence> publisher, Clock clock, String instanceId, Duration heartbeat) {
        this.hub = hub;
        this.publisher = publisher;
        this.clock = clock;
        this.instanceId = instanceId;
        this.heartbeat = heartbeat;
        this.local = new LocalPresence(REPLYING_IDLE, clock);
        // Three missed heartbeats and a half: one late heartbeat never makes a viewer flicker.
        this.registry = new PresenceRegistry(heartbeat.multipliedBy(7).dividedBy(2), clock);
    }

    void start(@Observes StartupEvent started) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "console-presence");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    public void opened(String caseId, String username, String displayName) {
        publish(local.opened(caseId, username, displayName));
    }

    public void closed(String caseId, String username) {
        publish(local.closed(caseId, username));
    }

    public void typing(String caseId, String username, String displayName) {
        publish(local.typing(caseId, username, displayName));
    }

    public void stopped(String caseId, String username) {
        publish(local.stopped(caseId, username));
    }

    /** The case's people except {@code me}. */
    public List<PresenceRegistry.Viewer> viewers(String caseId, String me) {
        return registry.viewers(caseId, me);
    }

    /** One presence event from the topic (any instance's, this one's too). */
    public void onEvent(JsonNode payload) {
        CasePresence e;
        try {
            e = JSON.treeToValue(payload, CasePresence.class);
        } catch (Exception unreadable) {
            LOG.debugf("a presence event the console cannot read: %s", unreadable.getMessage());
            return;
        }
        if (e.caseId() == null) {
            return;
        }
        String caseId = e.caseId().toString();
        if (registry.apply(caseId, e.username(), e.displayName(), e.state(), e.instanceId())) {
            hub.deliver(List.of(FanOut.viewersChanged(caseId)));
        }
    }

    /** Idle typing ends; entries not heard of for three heartbeats go (their instance died). */
    void sweep() {
        try {
            local.idle().forEach(a -> publish(Optional.of(a)));
            for (String caseId : registry.expire()) {
                hub.deliver(List.of(FanOut.viewersChanged(caseId)));
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "presence sweep failed; next one in %s", SWEEP);
        }
    }

    /** Says every entry of this instance again. */
    void beat() {
        try {
            local.heartbeat().forEach(a -> publish(Optional.of(a)));
        } catch (RuntimeException e) {
            LOG.warnf(e, "presence heartbeat failed; next one in %s", heartbeat);
        }
    }

    String instanceId() {
        return instanceId;
    }

    private void publish(Optional<LocalPresence.Announcement> announcement) {
        announcement.ifPresent(a -> {
            UUID caseId;
            try {
                caseId = UUID.fromString(a.caseId());
            } catch (IllegalArgumentException notACase) {
                return;
            }
            publisher.accept(new CasePresence(caseId, a.username(), a.displayName(), a.state(), instanceId, clock.instant()));
        });
    }

    private static void send(Emitter<String> out, CasePresence e) {
        try {
            RecordHeaders headers = new RecordHeaders();
            headers.add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            headers.add("ce_type", EventTypes.CASE_PRESENCE.getBytes(StandardCharsets.UTF_8));
            headers.add("ce_source", "/outpost/console".getBytes(StandardCharsets.UTF_8));
            headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            headers.add("ce_time", e.at().toString().getBytes(StandardCharsets.UTF_8));
            headers.add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            // Key: the case id, so one case's events stay in order. A lost event is said again by the next heartbeat.
            out.send(Message.of(JSON.writeValueAsString(e)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(e.caseId().toString()).withHeaders(headers).build()));
        } catch (Exception failed) {
            LOG.debugf("presence event not sent (the next heartbeat says it again): %s", failed.getMessage());
        }
    }

    /** The pod's name where there is one (readable in the topic), made unique per start. */
    static String instanceName() {
        String host = System.getenv("HOSTNAME");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return host == null || host.isBlank() ? "console-" + suffix : host + "-" + suffix;
    }
}
