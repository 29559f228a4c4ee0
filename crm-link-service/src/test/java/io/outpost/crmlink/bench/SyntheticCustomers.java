package io.outpost.crmlink.bench;

import io.outpost.crmlink.domain.PersonAttributes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A million customers with realistic names, for the database benchmark. The vocabularies start
 * from the originals of FEBRL data set 1 (260 given names, 341 surnames, 446 streets, 391 suburbs,
 * 389 postcodes, Australian states) and grow by perturbing them (a vowel changed, a letter doubled
 * or dropped, a suffix or prefix added), so that names share phonetic codes the way real ones do,
 * to 4,000 given names and 40,000 surnames. Names are drawn with a skew (index = size * u^2: the
 * most common surname is ~0.5 % of customers, as Smith is in Australia), so blocks have realistic
 * sizes: a few large, most small.
 *
 * <p>Customer {@code i} is a pure function of {@code (seed, i)}, so a query can rebuild the
 * customer it stands for without keeping a million records in memory.
 */
final class SyntheticCustomers {

    private static final String VOWELS = "aeiou";
    private static final String[] SUFFIXES = { "s", "e", "son", "ton", "er", "ley", "ford", "well", "man", "ski" };
    private static final String[] PREFIXES = { "mc", "o", "van", "de", "fitz" };
    private static final String[] STREET_TYPES = { "street", "road", "avenue", "place", "crescent", "circuit", "court" };

    private final long seed;
    private final String[] given;
    private final String[] family;
    private final String[] streets;
    private final String[] suburbs;
    private final String[] postcodes;
    private final String[] states;

    private SyntheticCustomers(long seed, String[] given, String[] family, String[] streets, String[] suburbs,
            String[] postcodes, String[] states) {
        this.seed = seed;
        this.given = given;
        this.family = family;
        this.streets = streets;
        this.suburbs = suburbs;
        this.postcodes = postcodes;
        this.states = states;
    }

    /** Vocabularies from the FEBRL file's originals (the {@code -org} records). */
    static SyntheticCustomers fromFebrl(Path febrl, long seed) {
        Set<String> g = new LinkedHashSet<>();
        Set<String> f = new LinkedHashSet<>();
        Set<String> st = new LinkedHashSet<>();
        Set<String> sub = new LinkedHashSet<>();
        Set<String> pc = new LinkedHashSet<>();
        Set<String> state = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(febrl)) {
                String[] c = line.split(",", -1);
                if (c.length < 11 || !c[0].strip().endsWith("-org")) {
                    continue;
                }
                add(g, c[1]);
                add(f, c[2]);
                String street = c[4].strip();
                int blank = street.lastIndexOf(' ');
                add(st, blank > 0 ? street.substring(0, blank) : street);
                add(sub, c[6]);
                add(pc, c[7]);
                add(state, c[8]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Random r = new Random(seed);
        return new SyntheticCustomers(seed, grow(r, g, 4_000), grow(r, f, 40_000), grow(r, st, 5_000),
                grow(r, sub, 3_000), pc.toArray(String[]::new), state.toArray(String[]::new));
    }

    private static void add(Set<String> set, String value) {
        String v = value.strip();
        if (!v.isEmpty()) {
            set.add(v);
        }
    }

    /**
     * The originals first (the common names), then perturbed variants of them and of earlier
     * variants (one edit each, so the vocabulary drifts away from the originals gradually).
     */
    private static String[] grow(Random r, Set<String> originals, int size) {
        List<String> all = new ArrayList<>(originals);
        Set<String> seen = new LinkedHashSet<>(originals);
        while (all.size() < size) {
            String v = variant(r, all.get(r.nextInt(all.size())));
            if (v.length() <= 20 && seen.add(v)) {
                all.add(v);
            }
        }
        return all.toArray(String[]::new);
    }

    static String variant(Random r, String s) {
        StringBuilder b = new StringBuilder(s);
        switch (r.nextInt(6)) {
            case 0 -> {
                int i = r.nextInt(b.length());
                if (VOWELS.indexOf(b.charAt(i)) >= 0) {
                    b.setCharAt(i, VOWELS.charAt(r.nextInt(VOWELS.length())));
                } else {
                    b.insert(i, b.charAt(i));
                }
            }
            case 1 -> b.insert(r.nextInt(b.length()), b.charAt(r.nextInt(b.length())));
            case 2 -> {
                if (b.length() > 3) {
                    b.deleteCharAt(1 + r.nextInt(b.length() - 1));
                }
            }
            case 3, 4 -> b.append(SUFFIXES[r.nextInt(SUFFIXES.length)]);
            default -> b.insert(0, PREFIXES[r.nextInt(PREFIXES.length)]);
        }
        return b.toString();
    }

    /** Skewed towards the start of the list: index = size * u^2. */
    private static String pick(Random r, String[] names) {
        double u = r.nextDouble();
        return names[(int) (names.length * u * u)];
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String id(long i) {
        return "bench-" + i;
    }

    /**
     * Customer {@code i}: names, an account number always, an email for 70 % and a phone for 60 %
     * (as a CRM holds them), an address and a birth date between 1930 and 2007.
     */
    PersonAttributes customer(long i) {
        Random r = new Random(seed * 1_000_003L + i);
        String g = capitalized(pick(r, given));
        String f = capitalized(pick(r, family));
        List<String> emails = r.nextInt(10) < 7 ? List.of(g.toLowerCase() + "." + f.toLowerCase() + i + "@example.com")
                : List.of();
        List<String> phones = r.nextInt(10) < 6 ? List.of(String.format("+61 4%08d", i)) : List.of();
        String street = pick(r, streets) + " " + STREET_TYPES[r.nextInt(STREET_TYPES.length)];
        // Postcodes: FEBRL's, and as many again invented in the same range, so a postcode holds a few hundred.
        String postcode = r.nextBoolean() ? postcodes[r.nextInt(postcodes.length)]
                : String.valueOf(2000 + r.nextInt(6000));
        return new PersonAttributes(g, f, emails, phones, List.of("AC" + (10_000_000 + i)),
                String.valueOf(1 + r.nextInt(300)), street, pick(r, suburbs), postcode,
                states[r.nextInt(states.length)], LocalDate.of(1930, 1, 1).plusDays(r.nextInt(365 * 77)));
    }

    private static String typo(Random r, String s) {
        if (s == null || s.length() < 3) {
            return s;
        }
        int i = 1 + r.nextInt(s.length() - 2);
        char[] c = s.toCharArray();
        char t = c[i];
        c[i] = c[i + 1];
        c[i + 1] = t;
        return new String(c);
    }

    /**
     * Customer {@code i} as a person might reveal it in a conversation: a typo in the family name,
     * the given name as an initial, the email or the phone or the account number or none.
     */
    static PersonAttributes revealed(Random r, PersonAttributes c) {
        List<String> none = List.of();
        return switch (r.nextInt(5)) {
            case 0 -> new PersonAttributes(c.givenName(), typo(r, c.familyName()), c.emails(), none, none, null, null,
                    null, null, null, null);
            case 1 -> new PersonAttributes(c.givenName().substring(0, 1), c.familyName(), none, c.phones(), none, null,
                    null, null, c.postcode(), null, null);
            case 2 -> new PersonAttributes(c.givenName(), typo(r, c.familyName()), none, none, none, null, null,
                    c.locality(), null, null, c.dateOfBirth());
            case 3 -> new PersonAttributes(c.givenName(), c.familyName(), none, none, c.accountNumbers(), null, null,
                    null, null, null, null);
            default -> new PersonAttributes(c.givenName(), c.familyName(), none, none, none, c.streetNumber(),
                    c.street(), c.locality(), c.postcode(), c.region(), c.dateOfBirth());
        };
    }
}
