package io.outpost.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The platforms a post can come from. Serialized in lower case ("x", "facebook", ...). */
public enum Channel {
    X, FACEBOOK, INSTAGRAM, MESSENGER, FORUM, EMAIL, CHAT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Channel fromWire(String value) {
        if (value == null) {
            return null;
        }
        for (Channel c : values()) {
            if (c.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown channel '" + value + "'");
    }
}
