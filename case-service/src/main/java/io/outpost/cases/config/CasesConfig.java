package io.outpost.cases.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How cases are opened, triaged, timed, listed and closed. */
@ConfigMapping(prefix = "outpost.cases")
public interface CasesConfig {

    /** Priority of a new case, 1 (urgent) .. 4 (low), when no triage rule says otherwise. */
    @WithDefault("3")
    int defaultPriority();

    /** A customer post on a resolved case within this time after its resolution reopens it; later ones open a new case. */
    @WithDefault("P7D")
    Duration reopenWindow();

    /**
     * A customer's DM with no case of its own continues their public case with the same account of ours
     * while that case is open or was resolved at most this long before the DM (issue 17: public and private
     * in one case; {@code domain/PrivateContinuation}).
     */
    @WithDefault("P3D")
    Duration privateContinuationWindow();

    /**
     * Collision control: a public reply to a customer post that a colleague answered within this time before
     * is refused (409 {@code reply-collision}) unless the request confirms it; zero turns the check off.
     */
    @WithDefault("PT5M")
    Duration replyCollisionWindow();

    /** A resolved case is closed this long after its resolution (then later posts open a new case). */
    @WithDefault("P7D")
    Duration autoCloseAfter();

    /** The case list's page sizes. */
    Page page();

    /** Priority and required skills from the opening post's enrichment. */
    Triage triage();

    /** SLA policies and business calendars. */
    Sla sla();

    interface Page {
        /** Cases per page when the caller gives no {@code limit}. */
        @WithDefault("50")
        int defaultLimit();

        /** The largest {@code limit} a caller may ask for. */
        @WithDefault("200")
        int maxLimit();
    }

    interface Triage {
        /** Priority by intent (e.g. {@code outage=1}); intents not listed get the default priority. */
        Map<String, Integer> priorityByIntent();

        /** A sentiment at or below this (in [-1, 1]) raises the priority by one step. */
        @WithDefault("-0.5")
        double negativeSentimentAtOrBelow();

        /** Whether urgency hints (e.g. "charged twice") raise the priority by one step. */
        @WithDefault("true")
        boolean urgencyHintsRaisePriority();

        /**
         * Required skills by intent, language or channel. The key {@code *} matches any value, and
         * {@code {value}} in a skill is replaced by the value (e.g. {@code by-language."*"=lang:{value}}).
         */
        Map<String, List<String>> skillsByIntent();

        Map<String, List<String>> skillsByLanguage();

        Map<String, List<String>> skillsByChannel();

        /** Intents that only the brand can answer (account, billing): on forums they get the short first-response target. */
        Optional<List<String>> onlyWeCanAnswerIntents();
    }

    interface Sla {
        /** How often the breach checker and the auto-close run (every replica may run them: both are safe). */
        @WithDefault("15s")
        Duration checkInterval();

        /** Business calendars by id; rules name one ({@code default} when they name none). */
        Map<String, Calendar> calendars();

        /** The policy: the most specific matching rule per target wins (channel, then visibility, priority, mark). */
        List<Rule> rules();
    }

    interface Calendar {
        /** The time zone the hours are in. */
        @WithDefault("UTC")
        String zone();

        /**
         * Opening hours by day ({@code monday} .. {@code sunday}, or {@code weekdays}, {@code every-day}),
         * comma-separated {@code HH:mm-HH:mm} ranges. No hours at all: open around the clock.
         */
        Map<String, List<String>> hours();

        /** Dates the calendar is closed all day. */
        Optional<List<LocalDate>> holidays();
    }

    interface Rule {
        /** The channel it applies to; any when absent. */
        Optional<String> channel();

        /** public or private; any when absent. */
        Optional<String> visibility();

        /** Priority 1..4; any when absent. */
        Optional<Integer> priority();

        /** Only cases (not) marked "only we can answer"; any when absent. */
        Optional<Boolean> onlyWeCanAnswer();

        Optional<Duration> firstResponse();

        Optional<Duration> nextResponse();

        Optional<Duration> resolution();

        /** The calendar the targets count on. */
        @WithDefault("default")
        String calendar();
    }
}
