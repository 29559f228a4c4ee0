package io.outpost.survey.domain;

import io.outpost.contracts.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The surveys a person was sent or is scheduled to be sent, on every channel.
 *
 * @param surveys one entry per survey
 */
public record SurveyHistory(List<Entry> surveys) {

    /**
     * @param at        when the survey was (or will be) sent
     * @param channel   where
     * @param recipient to which platform user id
     */
    public record Entry(Instant at, Channel channel, String recipient) {
        public Entry {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(recipient, "recipient");
        }
    }

    public SurveyHistory {
        surveys = List.copyOf(surveys);
    }

    public static SurveyHistory none() {
        return new SurveyHistory(List.of());
    }

    /** When the person was surveyed, across all channels. */
    public List<Instant> acrossChannels() {
        return surveys.stream().map(Entry::at).toList();
    }

    /** When {@code recipient} was surveyed on {@code channel}. */
    public List<Instant> on(Channel channel, String recipient) {
        return surveys.stream().filter(e -> e.channel() == channel && e.recipient().equals(recipient))
                .map(Entry::at).toList();
    }
}
