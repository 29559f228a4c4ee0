package io.outpost.routing;

import io.outpost.devstack.LocalTokens;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token for a known user and role, signed by a key pair that is not the test realm's: the service must
 * answer 401. {@link LocalTokens#foreignToken} generates an RSA key pair on every call (up to 2 s each on
 * the loaded build machine); this one is made again only once a minute, so it is always minutes from its
 * 5-minute expiry and a 401 is for the foreign signature, never for the expiry.
 */
public final class ForeignTokens {

    private static final Duration REUSE = Duration.ofMinutes(1);

    private record Made(String token, long nanos) {
    }

    private static final Map<String, Made> MADE = new ConcurrentHashMap<>();

    private ForeignTokens() {
    }

    public static String of(String user, String... roles) {
        long now = System.nanoTime();
        return MADE.compute(user + "|" + String.join(",", roles), (key, made) -> made != null
                && now - made.nanos() < REUSE.toNanos() ? made : new Made(LocalTokens.foreignToken(user, roles), now)).token();
    }
}
