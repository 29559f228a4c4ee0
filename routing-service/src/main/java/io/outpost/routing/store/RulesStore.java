package io.outpost.routing.store;

import io.outpost.routing.domain.JsonText;
import io.outpost.routing.domain.RoutingRules;
import io.outpost.routing.domain.RulesDocument;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The routing rules document. Read in every routing transaction (one row by primary key), so every
 * replica decides by the same rules the moment a change commits; nothing that could go stale is
 * cached. What is kept is the parsed document: it is parsed again only when its text changed.
 */
@ApplicationScoped
public class RulesStore {

    /** A stored document's text and its rules. */
    private record Parsed(String json, RoutingRules rules) {
    }

    /** The last document parsed (one reference, replaced whole: no lock needed). */
    private volatile Parsed last;

    /** The rules in force, read in the caller's session; the defaults until a document is stored. */
    public Uni<RoutingRules> current() {
        return Panache.getSession().chain(s -> s.createNativeQuery("select document from routing_rules where id = 1", String.class)
                .getSingleResultOrNull())
                .map(json -> json == null ? RoutingRules.DEFAULT : parsed(json));
    }

    private RoutingRules parsed(String json) {
        Parsed known = last;
        if (known != null && known.json().equals(json)) {
            return known.rules();
        }
        RoutingRules rules = JsonText.fromJson(json, RulesDocument.class).toRules();
        last = new Parsed(json, rules);
        return rules;
    }

    /** Replaces the rules (in its own transaction). */
    public Uni<RoutingRules> replace(RoutingRules rules, String by, Instant at) {
        String json = JsonText.toJson(RulesDocument.of(rules));
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "insert into routing_rules (id, document, updated_at, updated_by) values (1, :doc, :at, :by) "
                        + "on conflict (id) do update set document = excluded.document, updated_at = excluded.updated_at, "
                        + "updated_by = excluded.updated_by")
                .setParameter("doc", json)
                .setParameter("at", at)
                .setParameter("by", by)
                .executeUpdate()))
                .replaceWith(rules);
    }

    /** Back to the built-in defaults. */
    public Uni<Void> reset() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("delete from routing_rules").executeUpdate())).replaceWithVoid();
    }
}
