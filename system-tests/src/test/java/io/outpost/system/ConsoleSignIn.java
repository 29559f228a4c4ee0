package io.outpost.system;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person signed in to the console with a plain HTTP client, as a browser does it but without one: the console's
 * redirect to Keycloak, Keycloak's login form posted with the password, the redirects back, cookies kept in a jar of
 * this class's own. The JDK's {@code CookieManager} is not used: it never sends a {@code Secure} cookie over http, and
 * the console's session cookies are {@code Secure} (browsers treat {@code http://localhost} as secure; the JDK does not).
 * The jar is per host and port; paths and expiry other than deletion are ignored (one person, one short run).
 */
final class ConsoleSignIn {

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LOGIN_FORM_ACTION_FIRST = Pattern.compile(
            "<form[^>]*action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"", Pattern.CASE_INSENSITIVE);

    final HttpClient http;
    private final Map<String, Map<String, String>> jar = new ConcurrentHashMap<>();

    ConsoleSignIn(HttpClient http) {
        this.http = http;
    }

    /** Signs in through the login form; returns the inbox page's body (200) or throws. */
    String signIn(String consoleUrl, String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> login = get(URI.create(consoleUrl + "/"));
        String form = login.body();
        Matcher m = LOGIN_FORM.matcher(form);
        if (!m.find()) {
            m = LOGIN_FORM_ACTION_FIRST.matcher(form);
            if (!m.find()) {
                throw new IllegalStateException("no Keycloak login form at " + login.uri() + " (" + login.statusCode() + ")");
            }
        }
        URI action = login.uri().resolve(m.group(1).replace("&amp;", "&"));
        String body = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
        HttpResponse<String> inbox = follow(HttpRequest.newBuilder(action).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (inbox.statusCode() != 200 || !inbox.body().contains("inbox-lists")) {
            throw new IllegalStateException("sign-in as " + username + " ended at " + inbox.uri() + " with "
                    + inbox.statusCode());
        }
        return inbox.body();
    }

    /** A GET with the jar's cookies, following redirects (the jar updated at every hop). */
    HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return follow(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET());
    }

    private HttpResponse<String> follow(HttpRequest.Builder first) throws IOException, InterruptedException {
        HttpRequest request = withCookies(first).build();
        for (int hop = 0; hop < 12; hop++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            keep(response);
            int status = response.statusCode();
            if (status < 300 || status >= 400 || response.headers().firstValue("Location").isEmpty()) {
                return response;
            }
            URI next = request.uri().resolve(response.headers().firstValue("Location").get());
            request = withCookies(HttpRequest.newBuilder(next).timeout(Duration.ofSeconds(60)).GET()).build();
        }
        throw new IllegalStateException("more than 12 redirects from " + request.uri());
    }

    /** The request with this jar's cookies for its host and port. */
    HttpRequest.Builder withCookies(HttpRequest.Builder builder) {
        URI uri = builder.copy().build().uri();
        String cookies = cookieHeader(uri);
        return cookies.isEmpty() ? builder : builder.header("Cookie", cookies);
    }

    String cookieHeader(URI uri) {
        Map<String, String> cookies = jar.getOrDefault(authority(uri), Map.of());
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    /** Stores the response's cookies (a refreshed session cookie too); Max-Age=0 or an empty value deletes one. */
    void keep(HttpResponse<?> response) {
        List<String> setCookies = response.headers().allValues("Set-Cookie");
        if (setCookies.isEmpty()) {
            return;
        }
        Map<String, String> cookies = jar.computeIfAbsent(authority(response.uri()), k -> new ConcurrentHashMap<>());
        for (String header : setCookies) {
            String[] parts = header.split(";");
            int eq = parts[0].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            boolean deleted = value.isEmpty();
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].trim().toLowerCase(java.util.Locale.ROOT);
                if (attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970")
                        || attribute.startsWith("expires=thu, 01-jan-1970")) {
                    deleted = true;
                }
            }
            if (deleted) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    private static String authority(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }
}
