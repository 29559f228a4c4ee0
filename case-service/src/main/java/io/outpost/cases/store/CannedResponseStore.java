package io.outpost.cases.store;

import io.outpost.cases.domain.CannedResponse;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.PageCursor;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Canned responses: saved, changed under a version check, listed newest first with keyset pagination. */
@ApplicationScoped
public class CannedResponseStore {

    /** What a supervisor writes (validated by the resource). */
    public record Fields(String team, String title, String text, String channel, String language, List<String> tags) {
    }

    /**
     * List filters, each optional. {@code team}: that team's responses and the global ones; {@code text}: a
     * case-insensitive substring of the title or the text ({@code %} and {@code _} literal).
     */
    public record Filter(String team, String channel, String language, String text) {
    }

    public record Page(List<CannedResponse> items, PageCursor next) {
    }

    private final Clock clock = Clock.systemUTC();

    @WithTransaction
    public Uni<CannedResponse> create(Fields fields, String by) {
        Instant now = CaseStore.micros(Instant.now(clock));
        CannedResponse row = new CannedResponse();
        row.id = UUID.randomUUID();
        apply(row, fields);
        row.createdBy = by;
        row.createdAt = now;
        row.updatedBy = by;
        row.updatedAt = now;
        return row.persist();
    }

    /**
     * Replaces the fields of the response if it is still at {@code version}.
     *
     * @throws ApiException (in the Uni) 404 unknown id, 409 another version (somebody changed it since it was read)
     */
    @WithTransaction
    public Uni<CannedResponse> update(UUID id, long version, Fields fields, String by) {
        return existing(id).map(row -> {
            if (row.version != version) {
                throw ApiException.conflict("canned response " + id + " is at version " + row.version + ", not "
                        + version + ": read it again");
            }
            apply(row, fields);
            row.updatedBy = by;
            row.updatedAt = CaseStore.micros(Instant.now(clock));
            // The row's @Version check at flush catches a change committed after this read (a 409 too).
            return row;
        });
    }

    /** @throws ApiException (in the Uni) 404 unknown id */
    @WithTransaction
    public Uni<Void> delete(UUID id) {
        return existing(id).chain(row -> row.delete());
    }

    @WithSession
    public Uni<CannedResponse> get(UUID id) {
        return CannedResponse.findById(id);
    }

    /** Newest first (creation time, id as tie-break). */
    @WithSession
    public Uni<Page> list(Filter filter, PageCursor after, int limit) {
        StringBuilder q = new StringBuilder("from CannedResponse r where 1 = 1");
        Parameters params = new Parameters();
        if (filter.team() != null) {
            q.append(" and (r.team = :team or r.team is null)");
            params.and("team", filter.team());
        }
        if (filter.channel() != null) {
            // A response for any channel fits every channel.
            q.append(" and (r.channel = :channel or r.channel is null)");
            params.and("channel", filter.channel());
        }
        if (filter.language() != null) {
            q.append(" and r.language = :language");
            params.and("language", filter.language());
        }
        if (filter.text() != null) {
            q.append(" and (lower(r.title) like :text escape '!' or lower(r.text) like :text escape '!')");
            params.and("text", "%" + filter.text().toLowerCase(Locale.ROOT)
                    .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (after != null) {
            q.append(" and (r.createdAt < :at or (r.createdAt = :at and r.id < :id))");
            params.and("at", after.at()).and("id", after.id());
        }
        q.append(" order by r.createdAt desc, r.id desc");
        // range is inclusive: one more than the page, which tells whether a next page exists.
        return CannedResponse.<CannedResponse>find(q.toString(), params).range(0, limit).list().map(rows -> {
            if (rows.size() <= limit) {
                return new Page(rows, null);
            }
            List<CannedResponse> items = new ArrayList<>(rows.subList(0, limit));
            CannedResponse last = items.get(items.size() - 1);
            return new Page(items, new PageCursor(last.createdAt, last.id));
        });
    }

    private static Uni<CannedResponse> existing(UUID id) {
        return CannedResponse.<CannedResponse>findById(id).map(row -> {
            if (row == null) {
                throw ApiException.notFound("no canned response " + id);
            }
            return row;
        });
    }

    private static void apply(CannedResponse row, Fields fields) {
        row.team = fields.team();
        row.title = fields.title();
        row.text = fields.text();
        row.channel = fields.channel();
        row.language = fields.language();
        row.tags = fields.tags().toArray(String[]::new);
    }
}
