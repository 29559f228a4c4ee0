package io.outpost.crmlink.bench;

import io.outpost.crmlink.domain.CandidateIndex;
import io.outpost.crmlink.domain.IdentityMatcher;
import io.outpost.crmlink.domain.MatchCandidate;
import io.outpost.crmlink.domain.PersonAttributes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Matching against N synthetic customers, in memory (domain/CandidateIndex + IdentityMatcher):
 * the blocking and scoring cost per query, without the database. Not a test (surefire does not run
 * it); run it as a main, see README "Benchmark":
 *
 * <pre>
 *   java -Xmx8g -cp target/test-classes:target/classes:$(cat target/bench.cp) \
 *       io.outpost.crmlink.bench.MatchingBenchmark 1000000 20000
 * </pre>
 *
 * Synthetic people: given names from 2,000 and family names from 40,000 pronounceable
 * syllable combinations drawn with a skew (a few names are common, as in real CRMs), unique
 * emails, phones and account numbers, 4-digit postcodes, birth dates over 70 years. A query is a
 * random customer as a person might reveal it: a typo in the family name, sometimes the given
 * name only as an initial, sometimes the email or phone, sometimes only names and birth date.
 */
public final class MatchingBenchmark {

    private static final String[] ONSETS = { "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t",
            "v", "w", "z", "br", "ch", "cl", "dr", "fr", "gr", "kr", "pl", "sh", "st", "th", "tr" };
    private static final String[] VOWELS = { "a", "e", "i", "o", "u", "ai", "ea", "ie", "ou", "y" };
    private static final String[] CODAS = { "", "n", "r", "s", "l", "m", "t", "nd", "rt", "ck", "ll", "ng" };

    private MatchingBenchmark() {
    }

    static String word(Random r, int syllables) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            sb.append(ONSETS[r.nextInt(ONSETS.length)]).append(VOWELS[r.nextInt(VOWELS.length)])
                    .append(CODAS[r.nextInt(CODAS.length)]);
        }
        return Character.toUpperCase(sb.charAt(0)) + sb.substring(1);
    }

    static String[] vocabulary(Random r, int size, int syllables) {
        String[] out = new String[size];
        for (int i = 0; i < size; i++) {
            out[i] = word(r, syllables + (i % 2));
        }
        return out;
    }

    /** Skewed towards the start of the list: index = size * u^2. */
    static String pick(Random r, String[] names) {
        double u = r.nextDouble();
        return names[(int) (names.length * u * u)];
    }

    static PersonAttributes customer(Random r, int i, String[] given, String[] family) {
        String g = pick(r, given);
        String f = pick(r, family);
        return new PersonAttributes(g, f, List.of(g.toLowerCase() + "." + f.toLowerCase() + i + "@example.com"),
                List.of("+44 7" + String.format("%09d", i)), List.of("AC" + (10_000_000 + i)),
                String.valueOf(1 + r.nextInt(200)), word(r, 2) + " Street", word(r, 2), String.valueOf(1000 + r.nextInt(9000)),
                "R" + r.nextInt(8), LocalDate.of(1940, 1, 1).plusDays(r.nextInt(365 * 70)));
    }

    static String typo(Random r, String s) {
        if (s.length() < 3) {
            return s;
        }
        int i = 1 + r.nextInt(s.length() - 2);
        char[] c = s.toCharArray();
        char t = c[i];
        c[i] = c[i + 1];
        c[i + 1] = t;
        return new String(c);
    }

    static PersonAttributes revealed(Random r, PersonAttributes c) {
        return switch (r.nextInt(4)) {
            case 0 -> new PersonAttributes(c.givenName(), typo(r, c.familyName()), c.emails(), List.of(), List.of(), null, null,
                    null, null, null, null);
            case 1 -> new PersonAttributes(c.givenName().substring(0, 1), c.familyName(), List.of(), c.phones(), List.of(), null,
                    null, null, c.postcode(), null, null);
            case 2 -> new PersonAttributes(c.givenName(), typo(r, c.familyName()), List.of(), List.of(), List.of(), null, null,
                    c.locality(), null, null, c.dateOfBirth());
            default -> new PersonAttributes(c.givenName(), c.familyName(), List.of(), List.of(), c.accountNumbers(),
                    c.streetNumber(), c.street(), c.locality(), c.postcode(), c.region(), null);
        };
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Random r = new Random(42);
        String[] given = vocabulary(r, 2_000, 1);
        String[] family = vocabulary(r, 40_000, 2);
        CandidateIndex index = new CandidateIndex();
        List<PersonAttributes> sample = new ArrayList<>();
        List<String> sampleIds = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            PersonAttributes c = customer(r, i, given, family);
            index.put("c" + i, c);
            if (i % (n / Math.min(n, 10_000)) == 0) {
                sample.add(c);
                sampleIds.add("c" + i);
            }
        }
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("indexed %,d customers in %.1f s (%,.0f customers/s), heap %,d MB%n", n, loadSeconds,
                n / loadSeconds, (rt.totalMemory() - rt.freeMemory()) >> 20);

        IdentityMatcher matcher = new IdentityMatcher(index);
        // Warm-up: JIT the scoring and blocking paths.
        for (int i = 0; i < 5_000; i++) {
            matcher.candidates(revealed(r, sample.get(r.nextInt(sample.size()))), 10);
        }
        long[] nanos = new long[queries];
        long candidatesSeen = 0;
        int foundFirst = 0;
        for (int q = 0; q < queries; q++) {
            int pick = r.nextInt(sample.size());
            PersonAttributes person = revealed(r, sample.get(pick));
            long s = System.nanoTime();
            List<MatchCandidate> found = matcher.candidates(person, 10);
            nanos[q] = System.nanoTime() - s;
            candidatesSeen += found.size();
            if (!found.isEmpty() && found.get(0).customerId().equals(sampleIds.get(pick))) {
                foundFirst++;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("%,d queries: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms; top-10 results per query %.1f;"
                + " the person ranked first in %.1f%%%n", queries, nanos[queries / 2] / 1e6, nanos[queries * 9 / 10] / 1e6,
                nanos[queries * 99 / 100] / 1e6, nanos[queries - 1] / 1e6, candidatesSeen / (double) queries,
                100.0 * foundFirst / queries);
    }
}
