package io.outpost.cases.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A timeline entry other than a post or a reply: a note, a status change, an SLA breach, ... */
@Entity
@Table(name = "case_activity")
public class CaseActivity extends PanacheEntityBase {

    /** An internal note; detail: its text. */
    public static final String NOTE = "note";
    /** from/to status; detail: why, when the system did it (reopened, auto-closed). */
    public static final String STATUS = "status";
    /** Priority or tags changed by a person; detail: what changed. */
    public static final String UPDATE = "update";
    /** An SLA target was missed; detail: the target (first-response, next-response, resolution). */
    public static final String SLA_BREACHED = "sla-breached";
    /** Resolved without a public reply on a case that began in public; detail: the reason given. */
    public static final String CLOSE_PUBLICLY_OVERRIDE = "close-publicly-override";
    /** detail: the post's external id. */
    public static final String POST_DELETED = "post-deleted";
    public static final String POST_EDITED = "post-edited";
    /**
     * A person un-hid a hidden post (actor: who); detail: the post's external id and why it had
     * been hidden. From then the post counts as a customer post.
     */
    public static final String POST_UNHIDDEN = "post-unhidden";
    /** A person took an unassigned case themselves (actor: who); detail: the agent id put on the case. */
    public static final String CLAIMED = "claimed";
    /** detail: the CRM customer id. */
    public static final String CRM_LINKED = "crm-linked";
    /** detail: the reason (consent-revoked, consent-expired, admin-removed). */
    public static final String CRM_UNLINKED = "crm-unlinked";
    /** This case was merged into another; detail: the other case's id. */
    public static final String MERGED_INTO = "merged-into";
    /** Another case was merged into this one; detail: the other case's id. */
    public static final String MERGED_FROM = "merged-from";
    /** survey-service sent a survey about the case; detail: its kind. */
    public static final String SURVEY_SENT = "survey-sent";
    /** The customer answered; detail: kind, score and comment. */
    public static final String SURVEY_ANSWERED = "survey-answered";
    /** The person's data was anonymised; detail: the erasure id. */
    public static final String ERASED = "erased";
    /** Attached to an incident (detail: the incident id). */
    public static final String INCIDENT_ATTACHED = "incident-attached";
    /** Detached from an incident (detail: the incident id). */
    public static final String INCIDENT_DETACHED = "incident-detached";
    /** Resolved by its incident's closing (detail: the incident id). */
    public static final String INCIDENT_CLOSED = "incident-closed";

    @Id
    public UUID id;
    @Column(name = "case_id")
    public UUID caseId;
    public String type;
    public Instant at;
    public String actor;
    @Column(name = "from_status")
    public String fromStatus;
    @Column(name = "to_status")
    public String toStatus;
    public String detail;

    public static CaseActivity of(UUID caseId, String type, Instant at, String actor, String detail) {
        CaseActivity a = new CaseActivity();
        a.id = UUID.randomUUID();
        a.caseId = caseId;
        a.type = type;
        a.at = at;
        a.actor = actor;
        a.detail = detail;
        return a;
    }

    public static CaseActivity status(UUID caseId, Instant at, String actor, CaseStatus from, CaseStatus to,
            String why) {
        CaseActivity a = of(caseId, STATUS, at, actor, why);
        a.fromStatus = from.wireName();
        a.toStatus = to.wireName();
        return a;
    }
}
