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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * CRM customers and their blocking keys. Candidates for a person are the customers sharing a key
 * with it; a key shared by more than {@code maxBlockSize} customers is skipped, as in the
 * in-memory {@code CandidateIndex}.
 */
@ApplicationScoped
public class CustomerStore {

    private static final String CANDIDATES = """
            select c.id, c.attributes from crm_customer c
            where c.id in (
                select b.customer_id
                from unnest($1::text[]) as q(key)
                join customer_blocking_key b on b.key = q.key
                where (select count(*) from (select 1 from customer_blocking_key s where s.key = q.key limit $2 + 1) capped)
                      <= $2)
            """;

    private final ObjectMapper json;
    private final Pool pool;
    private final Clock clock = Clock.systemUTC();

    public CustomerStore(ObjectMapper json, Pool pool) {
        this.json = json;
        this.pool = pool;
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

    /**
     * Adds or replaces many customers and their blocking keys in the caller's transaction (an
     * import batch), in three statements whatever the batch size: the rows, the old keys deleted,
     * the new keys; the rows travel as one JSON parameter each (bound as text: the reactive client
     * would send a String bound to a jsonb parameter as a JSON string, not as the array it holds). The same id twice: the later
     * attributes win. Rows are written in id order, so two batches sharing ids lock them in the
     * same order.
     */
    @WithTransaction
    public Uni<Instant> upsertAll(Map<String, PersonAttributes> byId) {
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        if (byId.isEmpty()) {
            return Uni.createFrom().item(now);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        List<Map<String, String>> keys = new ArrayList<>();
        new TreeMap<>(byId).forEach((id, attributes) -> {
            rows.add(Map.of("id", id, "attributes", write(attributes)));
            for (String key : BlockingKeys.of(NormalizedPerson.of(attributes))) {
                keys.add(Map.of("key", key, "customer", id));
            }
        });
        String rowsJson = writeJson(rows);
        String keysJson = writeJson(keys);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into crm_customer (id, attributes, updated_at)
                select r.id, r.attributes, :at from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(id text, attributes text)
                on conflict (id) do update set attributes = excluded.attributes, updated_at = excluded.updated_at
                """)
                .setParameter("rows", rowsJson).setParameter("at", now)
                .executeUpdate()
                .chain(() -> session.createNativeQuery("""
                        delete from customer_blocking_key
                        where customer_id in (select r.id from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(id text))
                        """).setParameter("rows", rowsJson).executeUpdate())
                .chain(() -> session.createNativeQuery("""
                        insert into customer_blocking_key (key, customer_id)
                        select k.key, k.customer from jsonb_to_recordset(cast(cast(:keys as text) as jsonb)) as k(key text, customer text)
                        on conflict do nothing
                        """).setParameter("keys", keysJson).executeUpdate()))
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

    /**
     * The customers sharing a blocking key with the person, keys held by more than
     * {@code maxBlockSize} customers skipped: id → normalized attributes. One prepared statement,
     * one round trip: each key's size is counted only up to {@code maxBlockSize + 1} index entries
     * (an oversized key costs the cap, not its size), the usable keys' customers are collected
     * through the (key, customer_id) primary key and their attributes read by id.
     */
    public Uni<Map<String, NormalizedPerson>> candidates(NormalizedPerson person, int maxBlockSize) {
        String[] keys = BlockingKeys.of(person).toArray(String[]::new);
        if (keys.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery(CANDIDATES).execute(Tuple.of(keys, maxBlockSize)).map(rows -> {
            Map<String, NormalizedPerson> out = new LinkedHashMap<>();
            for (Row row : rows) {
                out.put(row.getString(0), NormalizedPerson.of(read(row.getString(1))));
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
        return writeJson(attributes);
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write customer attributes", e);
        }
    }

    /** Attributes as stored in {@code crm_customer.attributes}. */
    PersonAttributes read(String text) {
        try {
            return json.readValue(text, PersonAttributes.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored customer attributes are not readable", e);
        }
    }
}
