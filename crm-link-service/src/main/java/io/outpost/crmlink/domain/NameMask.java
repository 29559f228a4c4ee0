package io.outpost.crmlink.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A customer's name as shown on the consent page: enough for the person to recognise themself
 * ("D*** K***"), too little for whoever else holds the link to learn the name. Every word keeps its
 * first letter and becomes three stars, so the length does not leak either.
 */
public final class NameMask {

    private NameMask() {
    }

    /** The masked name, or null when neither part is known. */
    public static String mask(String givenName, String familyName) {
        List<String> words = new ArrayList<>();
        for (String part : new String[] { givenName, familyName }) {
            if (part == null) {
                continue;
            }
            for (String word : part.strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word.substring(0, word.offsetByCodePoints(0, 1)) + "***");
                }
            }
        }
        return words.isEmpty() ? null : String.join(" ", words);
    }
}
