package io.outpost.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The local run's secrets: random on first start, then kept with the data, so a restart keeps them. */
final class LocalSecrets {

    private LocalSecrets() {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** {@code bytes} random bytes, hex: a secret made up for a local run or a test. */
    static String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    /** The values of {@code keys} in {@code file}; each missing one is made up (24 random bytes, hex) and stored. */
    static Map<String, String> load(Path file, List<String> keys, String comment) {
        try {
            Properties properties = new Properties();
            if (Files.exists(file)) {
                try (var in = Files.newBufferedReader(file)) {
                    properties.load(in);
                }
            }
            boolean changed = false;
            for (String key : keys) {
                if (!properties.containsKey(key)) {
                    properties.setProperty(key, randomHex(24));
                    changed = true;
                }
            }
            if (changed) {
                Files.createDirectories(file.getParent());
                try (var out = Files.newBufferedWriter(file)) {
                    properties.store(out, comment);
                }
            }
            Map<String, String> map = new LinkedHashMap<>();
            properties.stringPropertyNames().stream().sorted().forEach(k -> map.put(k, properties.getProperty(k)));
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the local secrets in " + file, e);
        }
    }
}
