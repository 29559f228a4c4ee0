package io.outpost.devstack;

import java.time.Duration;

/** Bearer tokens for tests, one per Outpost role, signed by the test JVM's local issuer. */
public final class TestTokens {

    private TestTokens() {
    }

    public static String forRole(String role) {
        return Devstack.testTokens().token("test-" + role, Duration.ofHours(1), role);
    }

    public static String forUser(String user, String... roles) {
        return Devstack.testTokens().token(user, Duration.ofHours(1), roles);
    }

    public static String agent() {
        return forRole("agent");
    }

    public static String supervisor() {
        return forRole("supervisor");
    }

    public static String admin() {
        return forRole("admin");
    }

    public static String integration() {
        return forRole("integration");
    }
}
