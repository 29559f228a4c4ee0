package io.outpost.devstack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one HMAC-SHA256 of the sandbox, in the encodings the platforms use it in:
 * <ul>
 *   <li>X, Account Activity API ("Securing webhooks"): {@code x-twitter-webhooks-signature: sha256=<base64>} of
 *       the body keyed with the consumer secret ({@link #xSignature});</li>
 *   <li>Meta, Webhooks ("Validate payloads"): {@code X-Hub-Signature-256: sha256=<hex>} of the body keyed with the
 *       app secret ({@link #metaSignature}); Graph API {@code appsecret_proof}: hex of the access token keyed with
 *       the app secret ({@link #hmacHex});</li>
 *   <li>the forum delivery contract (ingest-service README): {@code sha256=<hex>} of {@code "<timestamp>.<body>"}.</li>
 * </ul>
 */
final class Signatures {

    private Signatures() {
    }

    static byte[] hmacSha256(String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lower-case hex of the HMAC. */
    static String hmacHex(String key, byte[] data) {
        return HexFormat.of().formatHex(hmacSha256(key, data));
    }

    static String hmacHex(String key, String data) {
        return hmacHex(key, data.getBytes(StandardCharsets.UTF_8));
    }

    /** Meta's {@code X-Hub-Signature-256} value. */
    static String metaSignature(String appSecret, byte[] body) {
        return "sha256=" + hmacHex(appSecret, body);
    }

    /** X's {@code x-twitter-webhooks-signature} value. */
    static String xSignature(String consumerSecret, byte[] body) {
        return "sha256=" + Base64.getEncoder().encodeToString(hmacSha256(consumerSecret, body));
    }
}
