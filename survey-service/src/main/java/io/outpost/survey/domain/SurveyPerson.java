package io.outpost.survey.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** What a person told us about surveys: consent for {@code surveys} and opt-out. Key: {@code channel:platformUserId}. */
@Entity
@Table(name = "survey_person")
public class SurveyPerson extends PanacheEntityBase {

    @Id
    @Column(name = "person_key")
    public String personKey;
    /** A {@link ConsentStatus} name. */
    public String consent;
    @Column(name = "consent_expires_at")
    public Instant consentExpiresAt;
    @Column(name = "consent_changed_at")
    public Instant consentChangedAt;
    @Column(name = "opted_out")
    public boolean optedOut;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The consent in force at {@code at}: a grant past its expiry is {@link ConsentStatus#EXPIRED}. */
    public ConsentStatus consentAt(Instant at) {
        ConsentStatus status = ConsentStatus.valueOf(consent);
        if (status == ConsentStatus.GRANTED && consentExpiresAt != null && !at.isBefore(consentExpiresAt)) {
            return ConsentStatus.EXPIRED;
        }
        return status;
    }
}
