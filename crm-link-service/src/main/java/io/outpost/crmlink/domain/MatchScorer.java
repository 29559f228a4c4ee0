package io.outpost.crmlink.domain;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Scores how likely a candidate is the person, attribute by attribute. Each attribute known on
 * both sides gives a similarity between 0 and 1 and, through its {@link Weight}, a contribution:
 * {@code agree} points at or above the {@code upper} similarity, {@code disagree} points (zero or
 * negative) at or below {@code lower}, linear in between. The score is the sum. An attribute
 * unknown on either side is not compared: it neither helps nor hurts.
 *
 * <p>The weights follow how much an agreement says: an exact email, phone or account number is
 * nearly proof on its own; names, birth date and address only together. A different email or
 * phone counts nothing against (people have several); a different birth date or family name
 * counts against. Given and family name are also compared crosswise, and a swap scores like the
 * straight comparison. The values were tuned on the FEBRL data set 1 (see the module README).
 */
public final class MatchScorer {

    /**
     * How a similarity becomes points.
     *
     * @param agree    points at similarity {@code >= upper}
     * @param disagree points at similarity {@code <= lower}
     * @param lower    similarity at or below which the values disagree
     * @param upper    similarity at or above which the values agree
     */
    public record Weight(double agree, double disagree, double lower, double upper) {

        public double contribution(double similarity) {
            if (similarity >= upper) {
                return agree;
            }
            if (similarity <= lower) {
                return disagree;
            }
            return disagree + (agree - disagree) * (similarity - lower) / (upper - lower);
        }
    }

    public static final Weight EMAIL = new Weight(15, 0, 0.99, 1);
    public static final Weight PHONE = new Weight(15, 0, 0.99, 1);
    public static final Weight ACCOUNT_NUMBER = new Weight(15, -2, 0.85, 1);
    public static final Weight GIVEN_NAME = new Weight(4, -2, 0.75, 0.95);
    public static final Weight FAMILY_NAME = new Weight(5, -3, 0.75, 0.95);
    public static final Weight DATE_OF_BIRTH = new Weight(6, -4, 0.5, 1);
    public static final Weight STREET_NUMBER = new Weight(1, -0.5, 0.99, 1);
    public static final Weight STREET = new Weight(3, -1, 0.75, 0.95);
    public static final Weight LOCALITY = new Weight(2.5, -1, 0.75, 0.95);
    public static final Weight POSTCODE = new Weight(3, -1, 0.5, 1);
    public static final Weight REGION = new Weight(0.5, -1, 0.99, 1);

    /** Similarity of birth dates that differ by one digit, two swapped digits, or day and month swapped. */
    static final double NEAR_DATE = 0.8;

    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
    private static final LevenshteinDistance LEVENSHTEIN = LevenshteinDistance.getDefaultInstance();
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    /** A score with its evidence, one entry per attribute compared. */
    public record Result(double score, List<Evidence> evidence) {
    }

    private MatchScorer() {
    }

    public static Result score(NormalizedPerson query, NormalizedPerson candidate) {
        List<Evidence> evidence = new ArrayList<>();
        identifiers(evidence, "email", query.emails(), candidate.emails(), EMAIL, false);
        identifiers(evidence, "phone", query.phones(), candidate.phones(), PHONE, false);
        identifiers(evidence, "accountNumber", query.accountNumbers(), candidate.accountNumbers(), ACCOUNT_NUMBER,
                true);
        names(evidence, query, candidate);
        if (query.dateOfBirth() != null && candidate.dateOfBirth() != null) {
            double s = dateSimilarity(query.dateOfBirth(), candidate.dateOfBirth());
            evidence.add(new Evidence("dateOfBirth", query.dateOfBirth().toString(),
                    candidate.dateOfBirth().toString(), s, DATE_OF_BIRTH.contribution(s)));
        }
        compare(evidence, "streetNumber", query.streetNumber(), candidate.streetNumber(), STREET_NUMBER,
                exact(query.streetNumber(), candidate.streetNumber()));
        compare(evidence, "street", query.street(), candidate.street(), STREET,
                wordSimilarity(query.street(), candidate.street()));
        compare(evidence, "locality", query.locality(), candidate.locality(), LOCALITY,
                jaroWinkler(query.locality(), candidate.locality()));
        compare(evidence, "postcode", query.postcode(), candidate.postcode(), POSTCODE,
                editSimilarity(query.postcode(), candidate.postcode()));
        compare(evidence, "region", query.region(), candidate.region(), REGION,
                exact(query.region(), candidate.region()));
        double score = 0;
        for (Evidence e : evidence) {
            score += e.contribution();
        }
        return new Result(score, evidence);
    }

    /** Names straight, or crosswise when that agrees better (given and family name swapped). */
    private static void names(List<Evidence> evidence, NormalizedPerson q, NormalizedPerson c) {
        List<Evidence> straight = new ArrayList<>();
        compare(straight, "givenName", q.givenName(), c.givenName(), GIVEN_NAME,
                nameSimilarity(q.givenName(), c.givenName()));
        compare(straight, "familyName", q.familyName(), c.familyName(), FAMILY_NAME,
                nameSimilarity(q.familyName(), c.familyName()));
        if (q.givenName() != null && q.familyName() != null && c.givenName() != null && c.familyName() != null) {
            List<Evidence> crossed = new ArrayList<>();
            compare(crossed, "givenName~familyName", q.givenName(), c.familyName(), GIVEN_NAME,
                    nameSimilarity(q.givenName(), c.familyName()));
            compare(crossed, "familyName~givenName", q.familyName(), c.givenName(), FAMILY_NAME,
                    nameSimilarity(q.familyName(), c.givenName()));
            if (sum(crossed) > sum(straight)) {
                evidence.addAll(crossed);
                return;
            }
        }
        evidence.addAll(straight);
    }

    /** Sets of identifiers agree when they share one; otherwise the closest pair is shown. */
    private static void identifiers(List<Evidence> evidence, String attribute, Set<String> q, Set<String> c,
            Weight weight, boolean partial) {
        if (q.isEmpty() || c.isEmpty()) {
            return;
        }
        String bestQ = null;
        String bestC = null;
        double best = -1;
        for (String a : q) {
            for (String b : c) {
                double s = a.equals(b) ? 1 : partial ? jaroWinkler(a, b) : 0;
                if (s > best) {
                    best = s;
                    bestQ = a;
                    bestC = b;
                }
            }
        }
        evidence.add(new Evidence(attribute, bestQ, bestC, best, weight.contribution(best)));
    }

    private static void compare(List<Evidence> evidence, String attribute, String q, String c, Weight weight,
            double similarity) {
        if (q != null && c != null) {
            evidence.add(new Evidence(attribute, q, c, similarity, weight.contribution(similarity)));
        }
    }

    private static double sum(List<Evidence> evidence) {
        double s = 0;
        for (Evidence e : evidence) {
            s += e.contribution();
        }
        return s;
    }

    static double jaroWinkler(String a, String b) {
        return a == null || b == null ? 0 : JARO_WINKLER.apply(a, b);
    }

    /**
     * Jaro-Winkler of two names, also with the blanks removed, whichever is higher: "Mc Donald" and
     * "McDonald", "h o" and "ho" are one name written two ways.
     */
    static double nameSimilarity(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        return Math.max(JARO_WINKLER.apply(a, b), JARO_WINKLER.apply(a.replace(" ", ""), b.replace(" ", "")));
    }

    static double exact(String a, String b) {
        return a != null && a.equals(b) ? 1 : 0;
    }

    /** 1 minus the edit distance over the longer length: one typo in a 4-digit postcode gives 0.75. */
    static double editSimilarity(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        int longer = Math.max(a.length(), b.length());
        return longer == 0 ? 1 : 1 - (double) LEVENSHTEIN.apply(a, b) / longer;
    }

    /**
     * Word-order-free similarity of two multi-word values (streets with further address lines):
     * each word of the shorter value is matched to its most similar word of the other by
     * Jaro-Winkler, and the mean is taken (Monge-Elkan). "langdon avenue arawang" and "arawang
     * langdon avenue" are the same.
     */
    static double wordSimilarity(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        String[] wa = a.split(" ");
        String[] wb = b.split(" ");
        String[] shorter = wa.length <= wb.length ? wa : wb;
        String[] longer = shorter == wa ? wb : wa;
        double total = 0;
        for (String s : shorter) {
            double best = 0;
            for (String l : longer) {
                best = Math.max(best, JARO_WINKLER.apply(s, l));
            }
            total += best;
        }
        return total / shorter.length;
    }

    /**
     * 1 for the same date; {@value #NEAR_DATE} when the dates differ by one digit, by two adjacent
     * swapped digits, or by day and month swapped (typing errors); 0 otherwise.
     */
    static double dateSimilarity(LocalDate a, LocalDate b) {
        if (a.equals(b)) {
            return 1;
        }
        if (a.getYear() == b.getYear() && a.getMonthValue() == b.getDayOfMonth()
                && a.getDayOfMonth() == b.getMonthValue()) {
            return NEAR_DATE;
        }
        String x = DATE.format(a);
        String y = DATE.format(b);
        if (x.length() != y.length()) {
            return 0;
        }
        int first = -1;
        int differences = 0;
        for (int i = 0; i < x.length(); i++) {
            if (x.charAt(i) != y.charAt(i)) {
                differences++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (differences == 1) {
            return NEAR_DATE;
        }
        boolean adjacentSwap = differences == 2 && first + 1 < x.length() && x.charAt(first) == y.charAt(first + 1)
                && x.charAt(first + 1) == y.charAt(first);
        return adjacentSwap ? NEAR_DATE : 0;
    }
}
