package io.outpost.survey.domain;

import io.outpost.contracts.surveys.SurveyKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A resolved case as the survey policy decided it, and the survey that followed: scheduled →
 * sent → answered or expired; or skipped (with its {@link SkipReason}) or cancelled (with its
 * {@link CancelReason}). States and kinds are stored by their wire names.
 */
@Entity
@Table(name = "survey")
public class Survey extends PanacheEntityBase {

    /** Recipient and person key of an erased person's surveys. */
    public static final String ERASED = "erased";

    @Id
    public UUID id;
    @Column(name = "case_id")
    public UUID caseId;
    public String state;
    public String reason;
    public String kind;
    public String channel;
    public String recipient;
    @Column(name = "person_key")
    public String personKey;
    public String language;
    @Column(name = "agent_id")
    public UUID agentId;
    public String team;
    @Column(name = "opening_sentiment")
    public String openingSentiment;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "send_at")
    public Instant sendAt;
    @Column(name = "sent_at")
    public Instant sentAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "answered_at")
    public Instant answeredAt;
    public Integer score;
    public String comment;
    @Column(name = "answered_via")
    public String answeredVia;
    /**
     * The platform id of our channel account the customer wrote to ({@code case.resolved.accountId}): the
     * invitation goes out from it. Null: the channel's default account.
     */
    @Column(name = "account_id")
    public String accountId;

    public SurveyState surveyState() {
        return SurveyState.fromWire(state);
    }

    public SurveyKind surveyKind() {
        return SurveyKind.fromWire(kind);
    }
}
