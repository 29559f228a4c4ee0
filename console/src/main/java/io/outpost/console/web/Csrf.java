package io.outpost.console.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * CSRF protection for every state-changing request (quarkus-rest-csrf does not resolve from our
 * Maven mirror, so the console does what it does): a random token in an HttpOnly, Secure,
 * SameSite=Strict cookie, the same token rendered into the page, and every POST must send it back in
 * the {@code X-CSRF-Token} header (htmx sends it from the body's {@code hx-headers}). A cross-site form
 * can neither read the token nor set a custom header (that would need a CORS preflight the console
 * never allows), so it is refused. Checked by {@link CsrfFilters}.
 */
@RequestScoped
public class Csrf {

    public static final String COOKIE = "outpost-csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    RoutingContext routing;

    private String token;

    /** The token for this browser: the cookie's, else a new one (set on the response). */
    public String token() {
        if (token == null) {
            Cookie cookie = routing.request().getCookie(COOKIE);
            if (cookie != null && cookie.getValue().matches("[0-9a-f]{64}")) {
                token = cookie.getValue();
            } else {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                token = HexFormat.of().formatHex(bytes);
                routing.response().addCookie(Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true)
                        .setSecure(true).setSameSite(CookieSameSite.STRICT));
            }
        }
        return token;
    }

    /** True when the request's header carries the cookie's token. */
    public static boolean matches(String cookie, String header) {
        if (cookie == null || header == null) {
            return false;
        }
        return MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    }
}
