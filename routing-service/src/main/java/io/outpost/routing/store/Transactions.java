package io.outpost.routing.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/** The transaction helpers routing's steps share. */
final class Transactions {

    private Transactions() {
    }

    /**
     * Runs {@code step} for each id, one after the other, each in a transaction of its own (so one
     * locked row at a time, and one failure does not undo the others' work); returns how many
     * answered true. The backstop's shape: lapsed offers, waiting tasks.
     */
    static Uni<Integer> eachInItsOwn(List<UUID> ids, Function<UUID, Uni<Boolean>> step) {
        Uni<Integer> done = Uni.createFrom().item(0);
        for (UUID id : ids) {
            done = done.chain(count -> Panache.withTransaction(() -> step.apply(id)).map(yes -> yes ? count + 1 : count));
        }
        return done;
    }

    /** Writes the session's pending changes now, inside the caller's transaction. */
    static Uni<Void> flush() {
        return Panache.getSession().chain(Mutiny.Session::flush);
    }
}
