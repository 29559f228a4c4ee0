package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A console instance says who has a case open on it and whether they are writing a reply (collision
 * control, issue #18). Sent when someone opens or leaves a case page or starts or stops replying, and again
 * as a heartbeat (every 10 s by default) while they stay: a reader forgets an entry it has not heard of for
 * three heartbeats, so the viewers of an instance that died disappear. Topic {@code outpost.console-presence},
 * key: the case id (one case's events in order).
 * <p>
 * One entry per case, person and instance: the same person may have the case open on two instances (two
 * tabs behind a load balancer); a reader shows them once, replying if any instance says so.
 *
 * @param caseId      the case
 * @param username    the person's login (the token's preferred_username)
 * @param displayName the name colleagues see (the ID token's name)
 * @param state       viewing, replying or left (this instance no longer has them on the case)
 * @param instanceId  the console instance that sends it
 * @param at          when the instance sent it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CasePresence(
        UUID caseId,
        String username,
        String displayName,
        State state,
        String instanceId,
        Instant at) {

    public enum State {
        VIEWING, REPLYING, LEFT;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static State fromWire(String value) {
            return State.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}
