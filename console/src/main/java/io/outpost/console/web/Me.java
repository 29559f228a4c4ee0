package io.outpost.console.web;

import io.quarkus.oidc.IdToken;
import io.quarkus.qute.TemplateData;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The signed-in person: login (the token's preferred_username), name and roles. */
@RequestScoped
@TemplateData
public class Me {

    @Inject
    SecurityIdentity identity;

    @Inject
    @IdToken
    JsonWebToken idToken;

    public String username() {
        return identity.getPrincipal().getName();
    }

    public String name() {
        Object name = idToken == null ? null : idToken.getClaim("name");
        return name == null ? username() : name.toString();
    }

    public boolean agent() {
        return identity.hasRole("agent");
    }

    public boolean supervisor() {
        return identity.hasRole("supervisor");
    }

    public boolean admin() {
        return identity.hasRole("admin");
    }

    public String roles() {
        return String.join(", ", new java.util.TreeSet<>(identity.getRoles()));
    }
}
