package io.outpost.survey.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * When surveys are sent, how often a person may be asked, what is asked and where the answer page
 * lives. Durations take the short form ({@code 60m}, {@code 24h}, {@code 7d}) or ISO-8601. The
 * policy values are checked at start-up ({@link io.outpost.survey.domain.SurveyPolicy}): a policy
 * that makes no sense stops the service.
 */
@ConfigMapping(prefix = "outpost.survey")
public interface SurveyConfig {

    /**
     * Where customers reach this service's answer page, as they see it (scheme, host, optional
     * path prefix, no trailing slash), e.g. {@code https://survey.example.com}. Required outside
     * dev and test: a wrong value would send customers links that do not work.
     */
    String publicBaseUrl();

    /** The question asked after a resolved case: {@code nps}, {@code csat} or {@code ces}. */
    @WithDefault("nps")
    String kind();

    /**
     * The sampling seed: which cases are drawn at a given {@link #samplingRate()}. Changing it
     * draws a different (equally random) set of cases.
     */
    @WithDefault("0")
    long samplingSeed();

    /** The scheduled sender. */
    Sender sender();

    /** The scheduled sender of due surveys (and expiry of unanswered ones). */
    interface Sender {

        /** How often due surveys are looked for. */
        @WithDefault("10s")
        String every();

        /** Surveys sent per transaction; a backlog is worked off over several rounds. */
        @WithDefault("100")
        int batchSize();
    }

    /** Time between a case's resolution and its survey: long enough for the customer to see the fix work. */
    @WithDefault("60m")
    Duration delayAfterResolution();

    /** How long a sent survey accepts an answer; after it the survey expires unanswered. */
    @WithDefault("7d")
    Duration responseWindow();

    /** Share of eligible resolved cases that get a survey, from 0.0 (none) to 1.0 (all). */
    @WithDefault("1.0")
    double samplingRate();

    /** Limits that keep a survey from costing the goodwill the answer just earned. */
    Fatigue fatigue();

    /** Fatigue limits. */
    interface Fatigue {

        /** Surveys one person may receive across all channels within {@link #personWindow()}. */
        @WithDefault("1")
        int maxPerPerson();

        /** The window of {@link #maxPerPerson()}. */
        @WithDefault("30d")
        Duration personWindow();

        /** Surveys one X recipient may receive within {@link #xRecipientWindow()}: X's own limit on such messages. */
        @WithDefault("1")
        int maxPerXRecipient();

        /** The window of {@link #maxPerXRecipient()}. */
        @WithDefault("24h")
        Duration xRecipientWindow();
    }
}
