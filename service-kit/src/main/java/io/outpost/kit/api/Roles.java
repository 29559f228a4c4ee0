package io.outpost.kit.api;

/** Outpost's roles, as they appear in the token's {@code groups} claim. */
public final class Roles {

    /** Answers cases. */
    public static final String AGENT = "agent";
    /** Sees every case and queue, overrides assignments. */
    public static final String SUPERVISOR = "supervisor";
    /** Manages configuration, consent and identity links. */
    public static final String ADMIN = "admin";
    /** Another service calling the APIs. */
    public static final String INTEGRATION = "integration";

    private Roles() {
    }
}
