package io.outpost.crmlink.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What is known about a person, as a CRM customer holds it or as a person reveals it (a profile,
 * a private message). Any subset may be known: a null field or an empty list is unknown, and an
 * unknown attribute neither helps nor hurts a match. Values are kept as given; {@link
 * NormalizedPerson} is the form that is compared.
 *
 * @param givenName      given name(s)
 * @param familyName     family name
 * @param emails         email addresses
 * @param phones         phone numbers, any formatting
 * @param accountNumbers account, customer or contract numbers
 * @param streetNumber   house number
 * @param street         street (and further address lines)
 * @param locality       town, suburb or city
 * @param postcode       postal code
 * @param region         state, county or region
 * @param dateOfBirth    date of birth
 */
public record PersonAttributes(String givenName, String familyName, List<String> emails, List<String> phones,
        List<String> accountNumbers, String streetNumber, String street, String locality, String postcode,
        String region, LocalDate dateOfBirth) {

    public PersonAttributes {
        emails = present(emails);
        phones = present(phones);
        accountNumbers = present(accountNumbers);
    }

    /** Only names known. */
    public static PersonAttributes named(String givenName, String familyName) {
        return new PersonAttributes(givenName, familyName, null, null, null, null, null, null, null, null, null);
    }

    public PersonAttributes withEmails(String... values) {
        return new PersonAttributes(givenName, familyName, List.of(values), phones, accountNumbers, streetNumber, street,
                locality, postcode, region, dateOfBirth);
    }

    public PersonAttributes withPhones(String... values) {
        return new PersonAttributes(givenName, familyName, emails, List.of(values), accountNumbers, streetNumber, street,
                locality, postcode, region, dateOfBirth);
    }

    public PersonAttributes withAccountNumbers(String... values) {
        return new PersonAttributes(givenName, familyName, emails, phones, List.of(values), streetNumber, street,
                locality, postcode, region, dateOfBirth);
    }

    public PersonAttributes withAddress(String streetNumber, String street, String locality, String postcode,
            String region) {
        return new PersonAttributes(givenName, familyName, emails, phones, accountNumbers, streetNumber, street,
                locality, postcode, region, dateOfBirth);
    }

    public PersonAttributes withDateOfBirth(LocalDate value) {
        return new PersonAttributes(givenName, familyName, emails, phones, accountNumbers, streetNumber, street,
                locality, postcode, region, value);
    }

    /**
     * The names of the attributes given (a value that is not blank, a list that is not empty), in
     * declaration order: what the audit log records about a match request instead of the values.
     */
    public List<String> presentAttributes() {
        List<String> names = new ArrayList<>();
        add(names, "givenName", givenName);
        add(names, "familyName", familyName);
        add(names, "emails", emails.isEmpty() ? null : "x");
        add(names, "phones", phones.isEmpty() ? null : "x");
        add(names, "accountNumbers", accountNumbers.isEmpty() ? null : "x");
        add(names, "streetNumber", streetNumber);
        add(names, "street", street);
        add(names, "locality", locality);
        add(names, "postcode", postcode);
        add(names, "region", region);
        add(names, "dateOfBirth", dateOfBirth == null ? null : "x");
        return List.copyOf(names);
    }

    private static void add(List<String> names, String name, String value) {
        if (value != null && !value.isBlank()) {
            names.add(name);
        }
    }

    private static List<String> present(List<String> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
    }
}
