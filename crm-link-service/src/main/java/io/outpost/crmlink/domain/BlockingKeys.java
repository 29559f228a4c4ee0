package io.outpost.crmlink.domain;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.codec.language.DoubleMetaphone;

/**
 * The blocking keys of a person: two people are compared only when they share at least one key,
 * so a query looks at a few candidates instead of every customer. Keys are chosen so that one
 * typo, a blank or swapped given and family names still leave a shared key:
 *
 * <ul>
 * <li>{@code e:}email, {@code p:}phone, {@code a:}account number — exact normalized identifiers;</li>
 * <li>{@code d:}yyyymmdd — date of birth;</li>
 * <li>{@code nn:}code|code — the Double Metaphone codes of a given-name word and a family-name word,
 * sorted so that a swap of given and family name gives the same key;</li>
 * <li>{@code np:}code|postcode — the code of any name word with the postcode;</li>
 * <li>{@code ny:}code|year — the code of any name word with the year of birth;</li>
 * <li>{@code nl:}code|locality — the code of any name word with the locality;</li>
 * <li>{@code ad:}postcode|street number|first street word — the address.</li>
 * </ul>
 *
 * Double Metaphone (primary and alternate codes, 4 characters) makes "Smith", "Smyth" and "Schmidt"
 * share a code, so a typo in a name often keeps its key.
 */
public final class BlockingKeys {

    /** At most this many words of a name give codes (long compound names add little). */
    static final int MAX_NAME_WORDS = 3;

    private static final DoubleMetaphone METAPHONE = new DoubleMetaphone();
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private BlockingKeys() {
    }

    public static Set<String> of(NormalizedPerson p) {
        Set<String> keys = new LinkedHashSet<>();
        p.emails().forEach(e -> keys.add("e:" + e));
        p.phones().forEach(t -> keys.add("p:" + t));
        p.accountNumbers().forEach(a -> keys.add("a:" + a));
        if (p.dateOfBirth() != null) {
            keys.add("d:" + DATE.format(p.dateOfBirth()));
        }
        List<String> given = codes(p.givenName());
        List<String> family = codes(p.familyName());
        for (String g : given) {
            for (String f : family) {
                keys.add("nn:" + (g.compareTo(f) <= 0 ? g + "|" + f : f + "|" + g));
            }
        }
        Set<String> names = new LinkedHashSet<>(given);
        names.addAll(family);
        for (String n : names) {
            if (p.postcode() != null) {
                keys.add("np:" + n + "|" + p.postcode());
            }
            if (p.dateOfBirth() != null) {
                keys.add("ny:" + n + "|" + p.dateOfBirth().getYear());
            }
            if (p.locality() != null) {
                keys.add("nl:" + n + "|" + p.locality());
            }
        }
        if (p.postcode() != null && p.streetNumber() != null && p.street() != null) {
            keys.add("ad:" + p.postcode() + "|" + p.streetNumber() + "|" + p.street().split(" ", 2)[0]);
        }
        return keys;
    }

    /** Primary and alternate Double Metaphone codes of the first words of a normalized name. */
    static List<String> codes(String name) {
        List<String> out = new ArrayList<>();
        if (name == null) {
            return out;
        }
        String[] words = name.split(" ");
        for (int i = 0; i < words.length && i < MAX_NAME_WORDS; i++) {
            String primary = METAPHONE.doubleMetaphone(words[i]);
            String alternate = METAPHONE.doubleMetaphone(words[i], true);
            for (String c : new String[] {primary, alternate}) {
                if (c != null && !c.isEmpty() && !out.contains(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
