package io.outpost.crmlink.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.crmlink.domain.BlockingKeys;
import io.outpost.crmlink.domain.NormalizedPerson;
import io.outpost.crmlink.domain.PersonAttributes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * CRM customers and their blocking keys. Candidates for a person are the customers sharing a key
 * with it; a key shared by more than {@code maxBlockSize} customers is skipped, as in the
 * in-memory {@code CandidateIndex}.
 */
@ApplicationScoped
public class CustomerStore {

    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public CustomerStore(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Adds or replaces a customer and its blocking keys in one transaction. The row is written
     * first: concurrent writes of one customer wait on its row lock, so the keys of the last
     * write win.
     */
    @WithTransaction
    public Uni<Instant> upsert(String id, PersonAttributes attributes) {
        String text = write(attributes);
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        List<String> keys = new ArrayList<>(BlockingKeys.of(NormalizedPerson.of(attributes)));
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into crm_customer (id, attributes, updated_at) values (:id, :attributes, :at)
                on conflict (id) do update set attributes = excluded.attributes, updated_at = excluded.updated_at
                """)
                .setParameter("id", id).setParameter("attributes", text).setParameter("at", now)
                .executeUpdate()
                .chain(() -> session.createNativeQuery("delete from customer_blocking_key where customer_id = :id")
                        .setParameter("id", id).executeUpdate())
                .chain(() -> insertKeys(session, id, keys)))
                .replaceWith(now);
    }

    private static Uni<Integer> insertKeys(Mutiny.Session session, String id, List<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        StringBuilder sql = new StringBuilder("insert into customer_blocking_key (key, customer_id) values ");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:k").append(i).append(", :id)");
        }
        sql.append(" on conflict do nothing");
        var query = session.createNativeQuery(sql.toString()).setParameter("id", id);
        for (int i = 0; i < keys.size(); i++) {
            query.setParameter("k" + i, keys.get(i));
        }
        return query.executeUpdate();
    }

    /** The customers sharing a (not oversized) blocking key with the person: id → normalized attributes. */
    @WithSession
    public Uni<Map<String, NormalizedPerson>> candidates(NormalizedPerson person, int maxBlockSize) {
        List<String> keys = new ArrayList<>(BlockingKeys.of(person));
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        StringBuilder sql = new StringBuilder(
                "select distinct b.customer_id from customer_blocking_key b where b.key in (");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(":k").append(i);
        }
        sql.append(") and (select count(*) from customer_blocking_key c where c.key = b.key) <= :cap");
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString(), String.class).setParameter("cap", maxBlockSize);
            for (int i = 0; i < keys.size(); i++) {
                query.setParameter("k" + i, keys.get(i));
            }
            return query.getResultList();
        }).chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<CrmCustomer>of())
                : CrmCustomer.<CrmCustomer>list("id in ?1", ids))
                .map(customers -> {
                    Map<String, NormalizedPerson> out = new LinkedHashMap<>();
                    for (CrmCustomer c : customers) {
                        out.put(c.id, NormalizedPerson.of(read(c.attributes)));
                    }
                    return out;
                });
    }

    /** The customer's attributes as stored, or null when unknown. */
    @WithSession
    public Uni<PersonAttributes> find(String id) {
        return CrmCustomer.<CrmCustomer>findById(id).map(c -> c == null ? null : read(c.attributes));
    }

    private String write(PersonAttributes attributes) {
        try {
            return json.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write customer attributes", e);
        }
    }

    private PersonAttributes read(String text) {
        try {
            return json.readValue(text, PersonAttributes.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored customer attributes are not readable", e);
        }
    }
}
