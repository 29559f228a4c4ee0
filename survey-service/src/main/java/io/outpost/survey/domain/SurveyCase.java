package io.outpost.survey.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A case a survey may follow, as recorded from {@code case.opened}: what the policy needs, nothing more. */
@Entity
@Table(name = "survey_case")
public class SurveyCase extends PanacheEntityBase {

    @Id
    @Column(name = "case_id")
    public UUID caseId;
    public String channel;
    @Column(name = "customer_platform_id")
    public String customerPlatformId;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "recorded_at")
    public Instant recordedAt;
}
