package io.outpost.crmlink.domain;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@link PersonAttributes} in the form that is compared and indexed (see {@link Normalize}); null
 * and empty mean unknown. Duplicate identifiers collapse.
 */
public record NormalizedPerson(String givenName, String familyName, Set<String> emails, Set<String> phones,
        Set<String> accountNumbers, String streetNumber, String street, String locality, String postcode,
        String region, LocalDate dateOfBirth) {

    public static NormalizedPerson of(PersonAttributes p) {
        return new NormalizedPerson(Normalize.text(p.givenName()), Normalize.text(p.familyName()),
                all(p.emails(), Normalize::email), all(p.phones(), Normalize::phone),
                all(p.accountNumbers(), Normalize::code), Normalize.code(p.streetNumber()), Normalize.text(p.street()),
                Normalize.text(p.locality()), Normalize.code(p.postcode()), Normalize.text(p.region()),
                p.dateOfBirth());
    }

    /** True when nothing at all is known. */
    public boolean isEmpty() {
        return givenName == null && familyName == null && emails.isEmpty() && phones.isEmpty()
                && accountNumbers.isEmpty() && streetNumber == null && street == null && locality == null
                && postcode == null && region == null && dateOfBirth == null;
    }

    private static Set<String> all(List<String> values, UnaryOperator<String> normalizer) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            String n = normalizer.apply(v);
            if (n != null) {
                out.add(n);
            }
        }
        return Collections.unmodifiableSet(out);
    }
}
