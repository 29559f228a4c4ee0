package io.outpost.crmlink.domain;

/**
 * How one attribute was compared.
 *
 * @param attribute      the attribute, e.g. {@code familyName}; {@code givenName~familyName} when
 *                       given and family name were compared crosswise (a swap)
 * @param queryValue     the normalized value known about the person
 * @param candidateValue the normalized value of the candidate
 * @param similarity     0 (different) to 1 (the same)
 * @param contribution   what this comparison added to the score (negative: it counted against)
 */
public record Evidence(String attribute, String queryValue, String candidateValue, double similarity,
        double contribution) {
}
