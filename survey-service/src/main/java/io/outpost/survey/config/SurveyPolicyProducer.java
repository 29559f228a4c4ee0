package io.outpost.survey.config;

import io.outpost.survey.domain.FatigueLimit;
import io.outpost.survey.domain.SurveyPolicy;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Turns the configuration into the domain's policy, at start-up, so a bad value fails the start, not a survey. */
@ApplicationScoped
public class SurveyPolicyProducer {

    @Produces
    @Singleton
    @Startup
    SurveyPolicy surveyPolicy(SurveyConfig config) {
        return new SurveyPolicy(config.delayAfterResolution(), config.responseWindow(), config.samplingRate(),
                new FatigueLimit(config.fatigue().maxPerPerson(), config.fatigue().personWindow()),
                new FatigueLimit(config.fatigue().maxPerXRecipient(), config.fatigue().xRecipientWindow()));
    }
}
