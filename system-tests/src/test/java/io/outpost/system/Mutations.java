package io.outpost.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Broken versions of a valid-looking JSON body: one field (or a few) removed, nulled, of the wrong
 * type, huge, full of control characters, odd Unicode or injection strings, or the whole body
 * malformed. Deterministic for a given {@link Random}.
 */
final class Mutations {

    /** A broken body and what was done to it. */
    record Mutant(String kind, byte[] body) {
    }

    /** Raw JSON the tree cannot hold (a lone surrogate escape), substituted after serialization. */
    private static final String LONE_SURROGATE = "@@lone-surrogate@@";

    static final List<String> INJECTIONS = List.of(
            "' OR '1'='1", "'; DROP TABLE post; --", "\"; select pg_sleep(5); --", "1) or 1=1 --",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${jndi:ldap://127.0.0.1/a}",
            "{{7*7}}", "#{7*7}", "../../../../etc/passwd", "%s%s%s%n", "\\\\x00", "$(reboot)", "`id`",
            "{\"$gt\": \"\"}", "' UNION SELECT null, current_user --", "%00", "\r\nX-Injected: 1");

    static final List<String> ODD_TEXT = List.of(
            "\u0000", "a\u0000b", "\u0001\u0002\u0003\u001f", LONE_SURROGATE, "\u202eevil\u202c", "\ufeff",
            "\u200b\u200c\u200d", "e\u0301\u0301\u0301\u0301", "\ud83d\ude00\ud83d\udca9", "\uffff\ufffe",
            "\u0645\u0631\u062d\u0628\u0627", "\u4f60\u597d", "   ", "", "\t\n\r", "null", "undefined", "NaN",
            "0", "-1", "true", "[]", "{}", "\\", "\"", "'");

    static final List<JsonNode> ODD_NUMBERS = List.of(
            SweepValues.NODES.numberNode(-1), SweepValues.NODES.numberNode(0),
            SweepValues.NODES.numberNode(Integer.MAX_VALUE + 1L), SweepValues.NODES.numberNode(Long.MAX_VALUE),
            SweepValues.NODES.numberNode(Long.MIN_VALUE), SweepValues.NODES.numberNode(new BigInteger("9".repeat(40))),
            SweepValues.NODES.numberNode(new BigDecimal("1e400")), SweepValues.NODES.numberNode(new BigDecimal("-1e400")),
            SweepValues.NODES.numberNode(1.5), SweepValues.NODES.numberNode(-0.000001),
            SweepValues.NODES.numberNode(new BigDecimal("1e-400")));

    static final List<String> ODD_TIMES = List.of(
            "2017-13-45T25:61:00Z", "0000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z", "2026-11-01", "yesterday", "1730448000",
            "2026-11-01T08:00:00+25:00", "2026-02-30T00:00:00Z", "P1D", "PT-1S", "PT999999999999H");

    private Mutations() {
    }

    /** One random mutant of {@code base}: mostly one field broken, sometimes several, sometimes the whole body. */
    static Mutant mutate(JsonNode base, Random random) {
        int roll = random.nextInt(100);
        if (roll < 18) {
            return wholeBody(base, random);
        }
        JsonNode copy = base.deepCopy();
        int count = roll < 88 ? 1 : 2 + random.nextInt(3);
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Slot> slots = slots(copy);
            if (slots.isEmpty()) {
                return wholeBody(base, random);
            }
            Slot slot = slots.get(random.nextInt(slots.size()));
            kinds.add(breakSlot(slot, random));
        }
        return new Mutant(String.join("+", kinds), bytes(copy));
    }

    /** A place in the tree: a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String field, int index, String path) {

        JsonNode value() {
            return field != null ? parent.get(field) : parent.get(index);
        }

        void set(JsonNode value) {
            if (field != null) {
                ((ObjectNode) parent).set(field, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (field != null) {
                ((ObjectNode) parent).remove(field);
            } else {
                ((ArrayNode) parent).remove(index);
            }
        }
    }

    private static List<Slot> slots(JsonNode root) {
        List<Slot> slots = new ArrayList<>();
        collect(root, "$", slots);
        return slots;
    }

    private static void collect(JsonNode node, String path, List<Slot> slots) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path + "." + e.getKey();
                slots.add(new Slot(node, e.getKey(), -1, child));
                collect(e.getValue(), child, slots);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String child = path + "[" + i + "]";
                slots.add(new Slot(node, null, i, child));
                collect(node.get(i), child, slots);
            }
        }
    }

    private static String breakSlot(Slot slot, Random random) {
        JsonNode value = slot.value();
        int choice = random.nextInt(12);
        switch (choice) {
            case 0 -> {
                slot.remove();
                return slot.path() + " removed";
            }
            case 1 -> {
                slot.set(SweepValues.NODES.nullNode());
                return slot.path() + " null";
            }
            case 2 -> {
                slot.set(wrongType(value, random));
                return slot.path() + " wrong type";
            }
            case 3 -> {
                // Just past the contracts' longest text (65,536 characters), in 1- to 4-byte characters: long
                // enough to cross every length limit, short enough that ten thousand requests stay quick.
                String unit = pick(List.of("a", "\u00e9", "\ud83d\ude00", "\u0000", " "), random);
                slot.set(SweepValues.NODES.textNode(unit.repeat(65_537 + random.nextInt(20_000))));
                return slot.path() + " huge string";
            }
            case 4, 5 -> {
                String odd = pick(ODD_TEXT, random);
                slot.set(SweepValues.NODES.textNode(value != null && value.isTextual() && random.nextBoolean()
                        ? value.asText() + odd : odd));
                return slot.path() + " odd text";
            }
            case 6, 7 -> {
                String injection = pick(INJECTIONS, random);
                slot.set(SweepValues.NODES.textNode(value != null && value.isTextual() && random.nextBoolean()
                        ? value.asText() + injection : injection));
                return slot.path() + " injection";
            }
            case 8 -> {
                slot.set(pick(ODD_NUMBERS, random));
                return slot.path() + " odd number";
            }
            case 9 -> {
                slot.set(SweepValues.NODES.textNode(pick(ODD_TIMES, random)));
                return slot.path() + " odd time";
            }
            case 10 -> {
                // Copies of the value only when it is small: a huge value 5000 times is a body nobody could send.
                JsonNode item = value != null && value.isValueNode() && value.asText().length() < 100 ? value
                        : SweepValues.NODES.textNode("x");
                ArrayNode many = SweepValues.NODES.arrayNode();
                for (int i = 0; i < 2_000; i++) {
                    many.add(item);
                }
                slot.set(many);
                return slot.path() + " 2000-element array";
            }
            default -> {
                if (slot.parent().isObject()) {
                    ((ObjectNode) slot.parent()).put("unexpected_" + random.nextInt(1000), pick(INJECTIONS, random));
                    return slot.path() + " sibling unknown field";
                }
                slot.set(SweepValues.NODES.objectNode());
                return slot.path() + " empty object";
            }
        }
    }

    private static JsonNode wrongType(JsonNode value, Random random) {
        if (value == null || value.isTextual()) {
            return random.nextBoolean() ? SweepValues.NODES.numberNode(12345) : SweepValues.NODES.arrayNode().add("x");
        }
        if (value.isNumber()) {
            return random.nextBoolean() ? SweepValues.NODES.textNode("twelve") : SweepValues.NODES.booleanNode(true);
        }
        if (value.isBoolean()) {
            return SweepValues.NODES.textNode("yes");
        }
        if (value.isArray()) {
            return random.nextBoolean() ? SweepValues.NODES.textNode("not-an-array") : SweepValues.NODES.objectNode();
        }
        if (value.isObject()) {
            return random.nextBoolean() ? SweepValues.NODES.textNode("not-an-object") : SweepValues.NODES.arrayNode();
        }
        return SweepValues.NODES.textNode("x");
    }

    /** The whole body broken: not JSON, not UTF-8, the wrong JSON type, nested too deep. */
    static Mutant wholeBody(JsonNode base, Random random) {
        byte[] valid = bytes(base);
        String text = new String(valid, StandardCharsets.UTF_8);
        return switch (random.nextInt(14)) {
            case 0 -> new Mutant("truncated", java.util.Arrays.copyOf(valid, random.nextInt(Math.max(1, valid.length))));
            case 1 -> new Mutant("trailing garbage", (text + pick(List.of("}", "]", " x", ",", "{}", "\u0000"), random))
                    .getBytes(StandardCharsets.UTF_8));
            case 2 -> new Mutant("invalid UTF-8", withInvalidUtf8(valid, random));
            case 3 -> new Mutant("empty", new byte[0]);
            case 4 -> new Mutant("other JSON type", pick(List.of("null", "[]", "\"text\"", "42", "true", "[" + text + "]"),
                    random).getBytes(StandardCharsets.UTF_8));
            case 5 -> new Mutant("byte order mark", ("\ufeff" + text).getBytes(StandardCharsets.UTF_8));
            case 6 -> new Mutant("single quotes", text.replace('"', '\'').getBytes(StandardCharsets.UTF_8));
            case 7 -> new Mutant("duplicate keys", duplicateFirstKey(text).getBytes(StandardCharsets.UTF_8));
            case 8 -> new Mutant("nested 5000 deep", ("{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                    .getBytes(StandardCharsets.UTF_8));
            case 9 -> new Mutant("comments", ("/* c */" + text + "// c").getBytes(StandardCharsets.UTF_8));
            case 10 -> new Mutant("NaN literal", text.replaceFirst(":\\s*(\"[^\"]*\"|[-0-9.]+)", ":NaN")
                    .getBytes(StandardCharsets.UTF_8));
            case 11 -> new Mutant("1000-digit number", text.replaceFirst(":\\s*(\"[^\"]*\"|[-0-9.]+)", ":" + "7".repeat(1500))
                    .getBytes(StandardCharsets.UTF_8));
            case 12 -> new Mutant("UTF-16", text.getBytes(StandardCharsets.UTF_16));
            default -> new Mutant("random bytes", randomBytes(random, 1 + random.nextInt(2048)));
        };
    }

    static byte[] bytes(JsonNode node) {
        try {
            String json = OpenApi.JSON.writeValueAsString(node);
            return json.replace(LONE_SURROGATE, "\\ud800").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] withInvalidUtf8(byte[] valid, Random random) {
        String text = new String(valid, StandardCharsets.UTF_8);
        int quote = text.indexOf(":\"");
        int at = quote < 0 ? valid.length / 2 : text.substring(0, quote + 2).getBytes(StandardCharsets.UTF_8).length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, at);
        byte[][] bad = {{(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
        byte[] chosen = bad[random.nextInt(bad.length)];
        out.write(chosen, 0, chosen.length);
        out.write(valid, at, valid.length - at);
        return out.toByteArray();
    }

    private static String duplicateFirstKey(String text) {
        int colon = text.indexOf(':');
        if (!text.startsWith("{") || colon < 0) {
            return text + text;
        }
        String key = text.substring(1, colon);
        return "{" + key + ":12345," + text.substring(1);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static <T> T pick(List<T> values, Random random) {
        return values.get(random.nextInt(values.size()));
    }
}
