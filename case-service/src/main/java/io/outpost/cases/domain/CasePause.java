package io.outpost.cases.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A time the case was pending on the customer: SLA clocks stop inside it. */
@Entity
@Table(name = "case_pause")
public class CasePause extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "case_id")
    public UUID caseId;
    @Column(name = "paused_from")
    public Instant pausedFrom;
    /** Null while still pending. */
    @Column(name = "paused_until")
    public Instant pausedUntil;

    public SlaClock.Pause toPause() {
        return new SlaClock.Pause(pausedFrom, pausedUntil);
    }
}
