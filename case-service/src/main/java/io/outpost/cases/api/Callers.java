package io.outpost.cases.api;

import io.outpost.cases.domain.ReplyRules;
import io.outpost.kit.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who is calling: the username (preferred_username) and the default signature from the token. */
final class Callers {

    private Callers() {
    }

    static String username(SecurityIdentity caller) {
        if (caller.getPrincipal() instanceof JsonWebToken jwt) {
            String preferred = jwt.getClaim("preferred_username");
            if (preferred != null && !preferred.isBlank()) {
                return preferred;
            }
        }
        return caller.getPrincipal().getName();
    }

    /**
     * The login of a caller who sees only their own cases and the queue: an agent without any
     * wider role. Null for supervisors, admins and integrations, who see every case.
     */
    static String narrowedAgent(SecurityIdentity caller) {
        boolean wider = caller.hasRole(Roles.SUPERVISOR) || caller.hasRole(Roles.ADMIN)
                || caller.hasRole(Roles.INTEGRATION);
        return wider ? null : username(caller);
    }

    static String defaultSignature(SecurityIdentity caller) {
        String name = caller.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("name") : null;
        return ReplyRules.defaultSignature(name, username(caller));
    }
}
