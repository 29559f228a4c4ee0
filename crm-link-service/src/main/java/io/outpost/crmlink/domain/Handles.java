package io.outpost.crmlink.domain;

import java.util.Locale;

/** How handles are written and compared: platforms treat them case-insensitively, people type the "@". */
public final class Handles {

    private Handles() {
    }

    /** The handle without surrounding blanks and a leading "@"; null when nothing is left. */
    public static String normalize(String handle) {
        if (handle == null) {
            return null;
        }
        String h = handle.strip();
        if (h.startsWith("@")) {
            h = h.substring(1).strip();
        }
        return h.isEmpty() ? null : h;
    }

    /** True when both name the same handle; "Dana" and "dana" are one handle spelled two ways. */
    public static boolean same(String a, String b) {
        return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }
}
