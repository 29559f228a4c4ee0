package io.outpost.ingest.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The rule for a forum account's {@code endpointUrl}: where its integration takes Outpost's replies.
 * Replies and their signatures travel there, so it must be {@code https} — except on this machine
 * ({@code localhost}, a loopback address), where a developer's or the local run's receiver has no
 * certificate and nothing crosses a network.
 */
public final class ForumEndpoint {

    public static final int MAX_LENGTH = 2_048;

    private ForumEndpoint() {
    }

    /** Empty when {@code url} may be a forum endpoint; else why not, in words for the admin. */
    public static Optional<String> refusal(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("must be an absolute https URL");
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("must be an absolute https URL with a host, e.g. https://forum.example.com/outpost/replies");
        }
        // Credentials in the URL would be shown to every admin reading the account and end up in logs;
        // the signature is the authentication.
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a user name or password; the signature authenticates Outpost");
        }
        // Query and fragment: the URL is used as it is for the POST; a fragment is never sent, and a
        // query would be easy to lose or to double-encode.
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("must not have a query or a fragment");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            return Optional.of("must use https (http only for localhost or a loopback address)");
        }
        return Optional.empty();
    }

    /**
     * {@code localhost} or a loopback IP literal (127.0.0.0/8, {@code ::1}). Parsed by hand: a name is
     * never resolved (DNS could answer anything later, and validation must not wait on the network).
     */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            String v6 = h.substring(1, h.length() - 1);
            return v6.equals("::1") || v6.matches("(0{1,4}:){7}0{0,3}1");
        }
        String[] octets = h.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("[0-9]{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return octets[0].equals("127");
    }
}
