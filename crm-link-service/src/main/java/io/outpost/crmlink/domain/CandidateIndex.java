package io.outpost.crmlink.domain;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Customers in memory, indexed by their {@link BlockingKeys}: a query is compared only with the
 * customers that share a key with it. A key shared by more than {@code maxBlockSize} customers
 * (a very common name in one postcode, say) is skipped at query time: it would cost more
 * comparisons than it could add, and other keys still find the person. Safe for concurrent use;
 * adding a customer again replaces it.
 */
public final class CandidateIndex {

    /** Default cap on the customers one key may bring in. */
    public static final int DEFAULT_MAX_BLOCK_SIZE = 1_000;

    private final int maxBlockSize;
    private final Map<String, NormalizedPerson> customers = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> blocks = new ConcurrentHashMap<>();

    public CandidateIndex() {
        this(DEFAULT_MAX_BLOCK_SIZE);
    }

    public CandidateIndex(int maxBlockSize) {
        if (maxBlockSize < 1) {
            throw new IllegalArgumentException("maxBlockSize must be positive");
        }
        this.maxBlockSize = maxBlockSize;
    }

    /** Adds or replaces a customer. */
    public synchronized void put(String customerId, PersonAttributes attributes) {
        remove(customerId);
        NormalizedPerson p = NormalizedPerson.of(attributes);
        customers.put(customerId, p);
        for (String key : BlockingKeys.of(p)) {
            blocks.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(customerId);
        }
    }

    public synchronized void remove(String customerId) {
        NormalizedPerson old = customers.remove(customerId);
        if (old == null) {
            return;
        }
        for (String key : BlockingKeys.of(old)) {
            Set<String> ids = blocks.get(key);
            if (ids != null) {
                ids.remove(customerId);
                if (ids.isEmpty()) {
                    blocks.remove(key);
                }
            }
        }
    }

    public Optional<NormalizedPerson> get(String customerId) {
        return Optional.ofNullable(customers.get(customerId));
    }

    public int size() {
        return customers.size();
    }

    /** The ids of the customers sharing at least one (not oversized) blocking key with the person. */
    public Set<String> candidates(NormalizedPerson person) {
        Set<String> out = new LinkedHashSet<>();
        for (String key : BlockingKeys.of(person)) {
            Set<String> ids = blocks.get(key);
            if (ids != null && ids.size() <= maxBlockSize) {
                out.addAll(ids);
            }
        }
        return out;
    }
}
