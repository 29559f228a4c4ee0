package io.outpost.console.domain;

/**
 * The reply form's character count as case-service measures it ({@code POST .../replies/check}:
 * length, unit and the channel's limit), put into words for the page and a screen reader.
 */
public record CharCount(String text, String state) {

    /** Left under this share of the limit, the count turns to "near". */
    static final double NEAR_SHARE = 0.1;

    public static CharCount of(int length, Integer limit, String unit) {
        String what = unitWords(unit);
        if (limit == null) {
            return new CharCount(length + " " + what + " (no limit on this channel)", "ok");
        }
        int left = limit - length;
        if (left < 0) {
            return new CharCount(length + " / " + limit + " " + what + ": " + (-left) + " too many", "over");
        }
        String state = left <= Math.max(1, (int) Math.floor(limit * NEAR_SHARE)) ? "near" : "ok";
        return new CharCount(length + " / " + limit + " " + what + ", " + left + " left", state);
    }

    static String unitWords(String unit) {
        if ("x-weighted-characters".equals(unit)) {
            return "characters as X counts them";
        }
        if ("utf-8-bytes".equals(unit)) {
            return "bytes";
        }
        return "characters";
    }
}
