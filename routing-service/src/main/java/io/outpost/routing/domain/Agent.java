package io.outpost.routing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A person who answers cases: what they can do, on which channels, how much at once, and whether they are in. */
@Entity
@Table(name = "agent")
public class Agent extends PanacheEntityBase {

    @Id
    public UUID id;
    /** The token's preferred_username/upn. */
    public String username;
    @Column(name = "display_name")
    public String displayName;
    public String team;
    /** skill → proficiency 1-5. */
    @Convert(converter = JsonText.IntMap.class)
    public Map<String, Integer> skills;
    /** ISO 639-1 codes. */
    @Convert(converter = JsonText.StringList.class)
    public List<String> languages;
    /** channel wire name → concurrent cases. */
    @Convert(converter = JsonText.IntMap.class)
    public Map<String, Integer> channels;
    @Convert(converter = JsonText.PresenceText.class)
    public Presence presence;
    @Column(name = "presence_since")
    public Instant presenceSince;
    /** Why the agent is in that presence (e.g. lunch), as they or a supervisor said; null: not said. */
    @Column(name = "presence_reason")
    public String presenceReason;
    @Column(name = "last_assigned_at")
    public Instant lastAssignedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    /** Supervisors are reached by the outermost routing ring. */
    public boolean supervisor;

    /** The routing view of this agent with the given active cases per channel. */
    public AgentProfile profile(Map<String, Integer> load) {
        Instant idleSince = lastAssignedAt != null && lastAssignedAt.isAfter(presenceSince) ? lastAssignedAt : presenceSince;
        return new AgentProfile(id, displayName, presence, skills, new HashSet<>(languages), channels, load, idleSince, team,
                supervisor);
    }
}
