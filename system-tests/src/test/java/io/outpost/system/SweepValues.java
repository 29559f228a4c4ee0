package io.outpost.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outpost.system.OpenApi.Operation;
import io.outpost.system.OpenApi.Parameter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Values a client would plausibly send, derived from an OpenAPI schema: the document's examples,
 * enums, formats and limits. Free-text strings carry a marker (e.g. {@code zq0123456789ab}) so that
 * whatever a request wrote can be found in the databases afterwards.
 */
final class SweepValues {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final Pattern MARKER = Pattern.compile("zq[0-9a-f]{12}");

    private SweepValues() {
    }

    static String newMarker(java.util.Random random) {
        return "zq" + String.format("%012x", random.nextLong() & 0xffffffffffffL);
    }

    /** The operation's URL with these path values and query parameters (URL-encoded here). */
    static String url(Operation op, Map<String, String> pathValues, Map<String, String> query) {
        String path = op.path();
        for (Map.Entry<String, String> e : pathValues.entrySet()) {
            path = path.replace("{" + e.getKey() + "}", e.getValue());
        }
        StringBuilder url = new StringBuilder(op.api().baseUrl).append(path);
        char separator = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            url.append(separator).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    /** A plausible value for every path parameter: enum or example if documented, else a fresh UUID for ids. */
    static Map<String, String> plausiblePathValues(Operation op) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Parameter p : op.parameters("path")) {
            values.put(p.name(), plausibleScalar(p.name(), p.schema()));
        }
        return values;
    }

    static String plausibleScalar(String name, JsonNode schema) {
        if (schema.has("enum") && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0).asText();
        }
        JsonNode example = example(schema);
        if (example != null && example.isValueNode()) {
            return example.asText();
        }
        String format = schema.path("format").asText("");
        String type = schema.path("type").asText("");
        if (format.equals("uuid") || name.equals("id") || name.endsWith("Id")) {
            return UUID.randomUUID().toString();
        }
        if (type.equals("integer") || type.equals("number")) {
            return "1";
        }
        if (format.equals("date-time")) {
            return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        }
        return "sample";
    }

    private static JsonNode example(JsonNode schema) {
        if (schema.has("examples") && schema.get("examples").isArray() && !schema.get("examples").isEmpty()) {
            return schema.get("examples").get(0);
        }
        if (schema.has("example")) {
            return schema.get("example");
        }
        if (schema.has("default")) {
            return schema.get("default");
        }
        return null;
    }

    /**
     * A valid-looking instance of a schema: every property (required and optional) filled from its
     * example, enum, format and limits; strings that are free text or identifiers carry the marker.
     */
    static JsonNode instance(OpenApi api, JsonNode schemaRef, String marker, String name, int depth) {
        JsonNode schema = api.resolve(schemaRef);
        String type = schema.path("type").asText("");
        if (type.isEmpty()) {
            type = schema.has("properties") || schema.has("additionalProperties") ? "object"
                    : schema.has("items") ? "array" : "string";
        }
        if (depth > 6) {
            return NODES.nullNode();
        }
        JsonNode documented = example(schema);
        if (documented != null && (type.equals("object") && documented.isObject() || type.equals("array") && documented.isArray())) {
            // A documented example of a map or list (skills, languages) is valid where made-up keys may not be.
            return documented.deepCopy();
        }
        switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> property = it.next();
                    if (api.resolve(property.getValue()).path("readOnly").asBoolean(false)) {
                        continue;
                    }
                    object.set(property.getKey(), instance(api, property.getValue(), marker, property.getKey(), depth + 1));
                }
                JsonNode additional = schema.get("additionalProperties");
                if (additional != null && additional.isObject() && object.isEmpty()) {
                    object.set(name.equals("skills") ? "billing" : name.equals("channels") ? "x" : "key",
                            instance(api, additional, marker, "value", depth + 1));
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int items = Math.max(1, schema.path("minItems").asInt(1));
                for (int i = 0; i < items; i++) {
                    array.add(instance(api, schema.path("items"), marker, name, depth + 1));
                }
                return array;
            }
            case "integer", "number" -> {
                JsonNode example = example(schema);
                if (example != null && example.isNumber()) {
                    return example;
                }
                double min = schema.has("minimum") ? schema.get("minimum").asDouble() : 1;
                double max = schema.has("maximum") ? schema.get("maximum").asDouble() : Math.max(min, 10);
                double value = Math.min(Math.max(1, min), max);
                if (schema.has("exclusiveMaximum") && value >= schema.get("exclusiveMaximum").asDouble(Double.MAX_VALUE)) {
                    value = schema.get("exclusiveMaximum").asDouble() / 2;
                }
                return type.equals("integer") ? NODES.numberNode((long) value) : NODES.numberNode(value);
            }
            case "boolean" -> {
                return NODES.booleanNode(true);
            }
            default -> {
                return NODES.textNode(string(schema, marker, name));
            }
        }
    }

    private static String string(JsonNode schema, String marker, String name) {
        if (schema.has("enum") && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0).asText();
        }
        String format = schema.path("format").asText("");
        switch (format) {
            case "uuid" -> {
                return UUID.randomUUID().toString();
            }
            case "date-time" -> {
                return Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString();
            }
            case "date" -> {
                return LocalDate.now().toString();
            }
            default -> {
                // fall through to examples and free text
            }
        }
        JsonNode example = example(schema);
        String base = example != null && example.isValueNode() ? example.asText() : null;
        boolean freeText = base == null || base.contains(" ") || base.length() > 12 || name.endsWith("Id")
                || name.equals("id") || name.matches("(?i).*(name|handle|text|reason|subject|email|ref).*");
        String value = base == null ? "sample-" + marker : freeText ? base + "-" + marker : base;
        int maxLength = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        if (value.length() > maxLength) {
            value = value.substring(value.length() - maxLength);
        }
        if (schema.has("pattern")) {
            // Bean Validation's @Pattern (which smallrye copies) matches the whole value; a JSON Schema pattern
            // may match anywhere (as "\S", not blank, does here). Prefer a value valid either way.
            String pattern = schema.get("pattern").asText();
            if (!matches(pattern, value, true) && base != null && matches(pattern, base, true)) {
                return base;
            }
            if (!matches(pattern, value, false) && base != null) {
                return base;
            }
        }
        return value;
    }

    private static boolean matches(String pattern, String value, boolean whole) {
        try {
            var matcher = Pattern.compile(pattern).matcher(value);
            return whole ? matcher.matches() : matcher.find();
        } catch (PatternSyntaxException e) {
            return true;
        }
    }
}
