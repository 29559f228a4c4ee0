package io.outpost.survey.config;

import io.outpost.kit.links.SignedLinks;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/** The signer of answer links, from {@code outpost.links.*}: a key that is too short stops the start. */
@ApplicationScoped
public class LinksProducer {

    /** The purpose every survey link is signed for: a survey token opens nothing else. */
    public static final String SURVEY_PURPOSE = "survey";

    @Produces
    @Singleton
    @Startup
    SignedLinks signedLinks(LinksConfig config) {
        try {
            return new SignedLinks(config.secret().getBytes(StandardCharsets.UTF_8),
                    config.previousSecrets().orElse(java.util.List.of()).stream()
                            .map(s -> s.getBytes(StandardCharsets.UTF_8)).toList(),
                    Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outpost.links.secret: " + e.getMessage(), e);
        }
    }
}
