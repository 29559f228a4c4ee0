package io.outpost.cases.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A survey survey-service sent about one of our cases ({@code survey.sent}) and when it was
 * answered ({@code survey.answered}). While it is outstanding, a DM of the case's customer that
 * reads as a score is the survey's answer, not a new message for the case ({@link SurveyReplies}).
 */
@Entity
@Table(name = "case_survey")
public class CaseSurvey extends PanacheEntityBase {

    /** survey-service's survey id. */
    @Id
    public UUID id;
    @Column(name = "case_id")
    public UUID caseId;
    public String channel;
    /** nps, csat or ces. */
    public String kind;
    @Column(name = "sent_at")
    public Instant sentAt;
    /** The end of the response window; null when the event did not say. */
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "answered_at")
    public Instant answeredAt;
}
