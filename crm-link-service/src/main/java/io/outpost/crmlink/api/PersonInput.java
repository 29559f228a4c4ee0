package io.outpost.crmlink.api;

import io.outpost.crmlink.domain.NormalizedPerson;
import io.outpost.crmlink.domain.PersonAttributes;
import io.outpost.kit.api.ApiException;
import java.util.List;
import java.util.regex.Pattern;

/** Checks of what a client sends about a person or a customer: 400 problem details when wrong. */
public final class PersonInput {

    static final int MAX_TEXT = 200;
    static final int MAX_VALUES = 20;
    static final int MAX_CUSTOMER_ID = 100;
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    private PersonInput() {
    }

    /**
     * The attributes, checked: at most {@value #MAX_TEXT} characters a value and {@value #MAX_VALUES}
     * values a list, and at least one attribute known.
     */
    public static PersonAttributes check(PersonAttributes p) {
        if (p == null) {
            throw ApiException.badRequest("a JSON object with the person's attributes is required");
        }
        text("givenName", p.givenName());
        text("familyName", p.familyName());
        list("emails", p.emails());
        list("phones", p.phones());
        list("accountNumbers", p.accountNumbers());
        text("streetNumber", p.streetNumber());
        text("street", p.street());
        text("locality", p.locality());
        text("postcode", p.postcode());
        text("region", p.region());
        if (NormalizedPerson.of(p).isEmpty()) {
            throw ApiException.badRequest("no attribute is known: give at least one name, email, phone, "
                    + "account number, address part or the date of birth");
        }
        return p;
    }

    public static String customerId(String id) {
        if (id == null || id.length() > MAX_CUSTOMER_ID || !CUSTOMER_ID.matcher(id).matches()) {
            throw ApiException.badRequest("the customer id must be 1 to " + MAX_CUSTOMER_ID
                    + " letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
        return id;
    }

    private static void text(String field, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            throw ApiException.badRequest(field + " is longer than " + MAX_TEXT + " characters");
        }
    }

    private static void list(String field, List<String> values) {
        if (values.size() > MAX_VALUES) {
            throw ApiException.badRequest(field + " has more than " + MAX_VALUES + " values");
        }
        values.forEach(v -> text(field, v));
    }
}
