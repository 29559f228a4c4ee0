package io.outpost.routing.store;

import io.outpost.routing.domain.AgentProfile;
import io.outpost.routing.domain.CandidateIndex;
import io.outpost.routing.domain.JsonText;
import io.outpost.routing.domain.Presence;
import io.outpost.routing.domain.Ring;
import io.outpost.routing.domain.WaitingCase;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * This instance's {@link CandidateIndex} of available agents, and how it follows the database.
 * <p>
 * This instance's own changes (presence, assignments, releases) update it at once, from the
 * routing steps ({@link Assigner}, {@link CaseIntake}, {@link CaseUpdates}). Other replicas'
 * changes arrive by polling: every
 * {@code outpost.routing.index-refresh-every} the agents changed since the previous poll (presence
 * change, creation, last assignment, an assignment started or ended — all timestamped columns) are
 * read again, and every {@code index-full-reload-every} the whole index is reloaded as a backstop
 * for anything a poll could miss (a transaction that committed long after its timestamps, clock
 * skew between replicas). Why polling rather than LISTEN/NOTIFY: no trigger and no global notify
 * lock on the commit path of every assignment, no dedicated connection to keep alive and re-sync
 * after it drops; the staleness it leaves (about a second) only costs a failed re-check or a case
 * waiting for the next refresh or sweep, never correctness, which stays with the row locks.
 */
@ApplicationScoped
public class AgentIndex {

    private static final Logger LOG = Logger.getLogger(AgentIndex.class);

    /*
     * No grace for local changes in flight: a snapshot read after a local change was indexed but
     * before its transaction committed overwrites it with the older committed state. That lasts
     * until the next poll, which re-reads the agent (its timestamps fall within POLL_OVERLAP), and
     * costs at most a failed re-check or a case waiting for that poll or the sweep.
     */

    /** Re-read changes this far before the previous poll: transactions commit after their timestamps. */
    static final Duration POLL_OVERLAP = Duration.ofSeconds(5);

    private static final String PROFILE_COLUMNS = "select a.id, a.display_name, a.presence, a.skills, a.languages, "
            + "a.channels, a.presence_since, a.last_assigned_at, a.team, a.supervisor, l.load from agent a "
            + "left join (select agent_id, json_object_agg(channel, n)::text as load from "
            + "(select agent_id, channel, count(*) as n from assignment where released_at is null %s group by agent_id, channel) c "
            + "group by agent_id) l on l.agent_id = a.id where a.presence = 'available' %s";
    private static final String ALL_AVAILABLE = PROFILE_COLUMNS.formatted("", "");
    private static final String SOME_AVAILABLE = PROFILE_COLUMNS.formatted("and agent_id = any($1)", "and a.id = any($1)");
    private static final String CHANGED_SINCE = "select id from agent where presence_since > $1 or created_at > $1 "
            + "or last_assigned_at > $1 "
            + "union select agent_id from assignment where assigned_at > $1 "
            + "union select agent_id from assignment where released_at > $1";

    private final Pool pool;
    private final CandidateIndex index = new CandidateIndex();
    private volatile Instant lastPollReadAt;
    private volatile Instant lastFullReloadAt;

    public AgentIndex(Pool pool) {
        this.pool = pool;
    }

    /** See {@link CandidateIndex#candidates}. */
    public List<AgentProfile> candidates(WaitingCase c, Ring ring, String team, Set<String> optionalSkills, int limit) {
        return index.candidates(c, ring, team, optionalSkills, limit);
    }

    /** This instance changed the agent (inside the transaction that did, or after it committed). */
    public void put(AgentProfile agent) {
        index.put(agent, Instant.now());
    }

    /** This instance gave the agent one more case on a channel (without reading their load). */
    public void added(UUID agentId, String channel) {
        index.adjustLoad(agentId, channel, 1, Instant.now());
    }

    /** This instance ended one of the agent's cases on a channel. */
    public void released(UUID agentId, String channel) {
        index.adjustLoad(agentId, channel, -1, Instant.now());
    }

    /** This instance found the agent gone. */
    public void remove(UUID agentId) {
        index.remove(agentId, Instant.now());
    }

    public int size() {
        return index.size();
    }

    /** The indexed state of an agent, or null (for tests and diagnostics). */
    public AgentProfile get(UUID agentId) {
        return index.get(agentId);
    }

    /** Reloads every available agent from the database; returns how many are indexed. */
    public Uni<Integer> reloadAll() {
        Instant readAt = Instant.now();
        // Parsing tens of thousands of profiles is work for a worker thread, not the event loop.
        return pool.query(ALL_AVAILABLE).execute().emitOn(Infrastructure.getDefaultWorkerPool()).map(rows -> {
            List<AgentProfile> fresh = new ArrayList<>();
            rows.forEach(row -> fresh.add(profile(row)));
            index.refresh(fresh, null, readAt);
            lastFullReloadAt = readAt;
            lastPollReadAt = readAt;
            return index.size();
        });
    }

    /** Re-reads the agents changed since the previous poll (or reload); returns how many. */
    public Uni<Integer> pollChanges() {
        Instant previous = lastPollReadAt;
        if (previous == null) {
            return reloadAll().replaceWith(0);
        }
        Instant readAt = Instant.now();
        return pool.preparedQuery(CHANGED_SINCE).execute(Tuple.of(at(previous.minus(POLL_OVERLAP)))).chain(changedRows -> {
            List<UUID> changed = new ArrayList<>();
            changedRows.forEach(row -> changed.add(row.getUUID(0)));
            if (changed.isEmpty()) {
                lastPollReadAt = readAt;
                return Uni.createFrom().item(0);
            }
            return pool.preparedQuery(SOME_AVAILABLE).execute(Tuple.of(changed.toArray(UUID[]::new)))
                    .emitOn(Infrastructure.getDefaultWorkerPool()).map(rows -> {
                List<AgentProfile> fresh = new ArrayList<>();
                rows.forEach(row -> fresh.add(profile(row)));
                index.refresh(fresh, changed, readAt);
                lastPollReadAt = readAt;
                return changed.size();
            });
        });
    }

    /** A poll, or a full reload when the last one is older than {@code fullReloadEvery}. */
    public Uni<Integer> refresh(Duration fullReloadEvery) {
        Instant lastFull = lastFullReloadAt;
        if (lastFull == null || Instant.now().isAfter(lastFull.plus(fullReloadEvery))) {
            return reloadAll().invoke(n -> LOG.debugf("agent index reloaded: %d available agents", n));
        }
        return pollChanges();
    }

    private static AgentProfile profile(Row row) {
        Map<String, Integer> skills = new JsonText.IntMap().convertToEntityAttribute(row.getString("skills"));
        Set<String> languages = new HashSet<>(new JsonText.StringList().convertToEntityAttribute(row.getString("languages")));
        Map<String, Integer> capacity = new JsonText.IntMap().convertToEntityAttribute(row.getString("channels"));
        String loadText = row.getString("load");
        Map<String, Integer> load = loadText == null ? Map.of() : new JsonText.IntMap().convertToEntityAttribute(loadText);
        Instant presenceSince = instant(row.getOffsetDateTime("presence_since"));
        Instant lastAssigned = instant(row.getOffsetDateTime("last_assigned_at"));
        // Agent.profile's rule: idle since the later of the presence change and the last assignment.
        Instant idleSince = lastAssigned != null && lastAssigned.isAfter(presenceSince) ? lastAssigned : presenceSince;
        return new AgentProfile(row.getUUID("id"), row.getString("display_name"), Presence.fromWire(row.getString("presence")),
                skills, languages, capacity, new HashMap<>(load), idleSince, row.getString("team"), row.getBoolean("supervisor"));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
