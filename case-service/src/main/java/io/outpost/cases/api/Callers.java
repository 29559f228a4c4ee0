package io.outpost.cases.api;

import io.outpost.cases.domain.ReplyRules;
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

    static String defaultSignature(SecurityIdentity caller) {
        String name = caller.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("name") : null;
        return ReplyRules.defaultSignature(name, username(caller));
    }
}
