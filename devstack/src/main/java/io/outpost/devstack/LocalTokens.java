package io.outpost.devstack;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * A local token issuer without an identity provider: an RSA key pair whose public half the
 * services are configured with ({@code quarkus.oidc.public-key}); bearer tokens are signed with
 * the private half. In a cluster the services use a real OIDC provider instead.
 */
public final class LocalTokens {

    public static final String ISSUER = "https://outpost.local/issuer";
    public static final String AUDIENCE = "outpost";

    private final KeyPair keys;

    private LocalTokens(KeyPair keys) {
        this.keys = keys;
    }

    /** A fresh key pair, for one test JVM. */
    public static LocalTokens generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new LocalTokens(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key pair kept in {@code dir} (created on first use), so tokens outlive a restart of the run. */
    public static LocalTokens loadOrCreate(Path dir) {
        Path privateFile = dir.resolve("token-signing.key");
        Path publicFile = dir.resolve("token-signing.pub");
        try {
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                PrivateKey priv = rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(Files.readString(privateFile).trim())));
                PublicKey pub = rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(Files.readString(publicFile).trim())));
                return new LocalTokens(new KeyPair(pub, priv));
            }
            LocalTokens fresh = generate();
            Files.createDirectories(dir);
            Files.writeString(privateFile, Base64.getEncoder().encodeToString(fresh.keys.getPrivate().getEncoded()));
            Files.writeString(publicFile, fresh.publicKeyBase64());
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable key pair in " + dir, e);
        }
    }

    /** The value for {@code quarkus.oidc.public-key}: base64 of the DER-encoded public key. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** A bearer token for a user holding the given roles. */
    public String token(String user, Duration validity, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(user)
                .upn(user)
                .preferredUserName(user)
                .audience(AUDIENCE)
                .groups(Set.of(roles))
                .expiresIn(validity)
                .jws()
                .sign(keys.getPrivate());
    }

    /**
     * A token signed by an unrelated key: it must be refused like no token at all. The unrelated key pair is made
     * once per JVM (an RSA key pair took up to 2 s on the loaded build machine, and the services' tests ask for
     * dozens); each token is signed fresh, so it is never near its expiry and a 401 is for the signature.
     */
    public static String foreignToken(String user, String... roles) {
        return ForeignKey.KEYS.token(user, Duration.ofMinutes(5), roles);
    }

    /** Holder: the foreign key pair is made on first use only. */
    private static final class ForeignKey {
        static final LocalTokens KEYS = generate();
    }
}
