package io.outpost.routing.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Column converters for the multi-valued profile fields, stored as JSON text (see V1__routing.sql).
 * Entities replace these values as a whole, never mutate them in place, so dirty checking sees
 * every change.
 */
public final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonText() {
    }

    /** {"billing": 4} ↔ Map; keys sorted so equal maps are equal text. */
    @Converter
    public static class IntMap implements AttributeConverter<Map<String, Integer>, String> {
        @Override
        public String convertToDatabaseColumn(Map<String, Integer> value) {
            return write(value == null ? Map.of() : new TreeMap<>(value));
        }

        @Override
        public Map<String, Integer> convertToEntityAttribute(String text) {
            return text == null ? Map.of() : read(text, new TypeReference<LinkedHashMap<String, Integer>>() {
            });
        }
    }

    /** ["en", "de"] ↔ List. */
    @Converter
    public static class StringList implements AttributeConverter<List<String>, String> {
        @Override
        public String convertToDatabaseColumn(List<String> value) {
            return write(value == null ? List.of() : value);
        }

        @Override
        public List<String> convertToEntityAttribute(String text) {
            return text == null ? List.of() : read(text, new TypeReference<List<String>>() {
            });
        }
    }

    /** Presence ↔ its wire name, the form the check constraint allows. */
    @Converter
    public static class PresenceText implements AttributeConverter<Presence, String> {
        @Override
        public String convertToDatabaseColumn(Presence value) {
            return value == null ? null : value.wireName();
        }

        @Override
        public Presence convertToEntityAttribute(String text) {
            return Presence.fromWire(text);
        }
    }

    /** A value as JSON text (e.g. an {@link Explanation} or the rules document). */
    public static String toJson(Object value) {
        return write(value);
    }

    /** JSON text as a value of the type. */
    public static <T> T fromJson(String text, Class<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON column value: " + text, e);
        }
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serializable as JSON: " + value, e);
        }
    }

    private static <T> T read(String text, TypeReference<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON column value: " + text, e);
        }
    }
}
