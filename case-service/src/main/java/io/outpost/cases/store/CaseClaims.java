package io.outpost.cases.store;

import io.outpost.cases.domain.CaseActivity;
import io.outpost.cases.domain.CaseStatus;
import io.outpost.cases.domain.Claiming;
import io.outpost.cases.domain.CustomerCase;
import io.outpost.kit.api.ApiException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Claiming an unassigned case ({@link Claiming}): one conditional UPDATE takes the row only while it is
 * still unassigned, so two claims at once cannot both win; the winner's transaction then moves a new case
 * to open and publishes case.updated (assignee) through the outbox, as a supervisor's assignee change does,
 * so routing-service stops offering the case.
 */
@ApplicationScoped
public class CaseClaims {

    /** Who claims: their login, their name as the token gives it, and whether they are a narrowed agent. */
    public record Claimant(String username, String name, boolean agentOnly) {
    }

    /** The case after a claim, and whether this claim changed it (false: it was the caller's already). */
    public record Claimed(CustomerCase kase, boolean changed) {
    }

    private final CaseLifecycle lifecycle;
    private final AgentDirectory directory;
    private final Clock clock = Clock.systemUTC();

    public CaseClaims(CaseLifecycle lifecycle, AgentDirectory directory) {
        this.lifecycle = lifecycle;
        this.directory = directory;
    }

    /**
     * Claims the case for the claimant.
     *
     * @throws ApiException (in the Uni) 404 unknown case (or hidden, for an agent), 409 taken by someone else
     *                      (naming them), hidden or closed
     */
    @WithTransaction
    public Uni<Claimed> claim(UUID caseId, Claimant claimant) {
        Instant now = CaseStore.micros(Instant.now(clock));
        return directory.find(claimant.username()).chain(known -> {
            UUID agentId = known != null ? known.agentId() : Claiming.provisionalAgentId(claimant.username());
            String name = claimant.name() != null ? claimant.name() : known != null ? known.name() : null;
            String team = known == null ? null : known.team();
            // The row is taken before it is read in this session, so the entity read below is the row as
            // this UPDATE left it. The version is raised so that a transaction that read the case before
            // (a post being filed) fails its version check and runs again, instead of writing the old,
            // unassigned state back over the claim.
            return Panache.getSession().chain(session -> session.createNativeQuery("update customer_case set "
                    + "assignee_id = :agent, assignee_name = :name, assignee_team = :team, assignee_username = :login, "
                    + "assigned_at = :now, assignment_id = null, updated_at = :now, version = version + 1 "
                    + "where id = :case and assignee_id is null and assignee_username is null "
                    + "and hidden_reason is null and status <> 'closed'")
                    .setParameter("agent", agentId).setParameter("name", name).setParameter("team", team)
                    .setParameter("login", claimant.username()).setParameter("now", now).setParameter("case", caseId)
                    .executeUpdate())
                    .chain(updated -> CustomerCase.<CustomerCase>findById(caseId).chain(kase -> updated == 1
                            ? took(kase, claimant, now)
                            : lost(caseId, kase, claimant)));
        });
    }

    private Uni<Claimed> took(CustomerCase kase, Claimant claimant, Instant now) {
        CaseStatus before = kase.caseStatus();
        Set<String> changes = new LinkedHashSet<>();
        changes.add("assignee");
        Uni<Void> status = Uni.createFrom().voidItem();
        if (before == CaseStatus.NEW) {
            changes.add("status");
            status = lifecycle.moveTo(kase, CaseStatus.OPEN, now, claimant.username(), "claimed");
        }
        return status
                .chain(() -> CaseActivity.of(kase.id, CaseActivity.CLAIMED, now, claimant.username(),
                        kase.assigneeId.toString()).persist())
                .chain(() -> lifecycle.publishUpdated(kase, before, changes, now))
                .replaceWith(new Claimed(kase, true));
    }

    /** The UPDATE changed nothing: why, from the row as it is now. */
    private static Uni<Claimed> lost(UUID caseId, CustomerCase kase, Claimant claimant) {
        if (kase == null || (claimant.agentOnly() && kase.hidden())) {
            return Uni.createFrom().failure(ApiException.notFound("no case " + caseId));
        }
        Claiming.Outcome outcome = Claiming.decide(Claiming.Facts.of(kase), claimant.username());
        if (outcome instanceof Claiming.AlreadyYours) {
            return Uni.createFrom().item(new Claimed(kase, false));
        }
        if (outcome instanceof Claiming.Taken taken) {
            return Uni.createFrom().failure(new ApiException(409, "Conflict", "case " + caseId + " is already "
                    + "assigned to " + taken.holder()));
        }
        if (outcome instanceof Claiming.Refused refused) {
            return Uni.createFrom().failure(ApiException.conflict(refused.why()));
        }
        // Unassigned now, yet the UPDATE did not take it: it changed between the two statements (unassigned
        // meanwhile). Rare; the client may claim again.
        return Uni.createFrom().failure(ApiException.conflict("case " + caseId + " changed meanwhile; try again"));
    }
}
