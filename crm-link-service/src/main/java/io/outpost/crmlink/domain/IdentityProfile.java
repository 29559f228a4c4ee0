package io.outpost.crmlink.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a stored social identity tells about its person, as {@link PersonAttributes} to match:
 * the names in its display name, the locality and region in its profile's location ({@link
 * ProfileLocation}: weak evidence, at most the locality and region weights, never enough alone to
 * suggest, let alone to confirm) and the values it revealed in private messages. The display name counts only when it looks like a person's name: a given name
 * and a family name are its first and last words; one word is taken as a given name only; single
 * letters ("Dana K.") and titles are left out, and anything after a separator ("Dana Kowalski |
 * Sydney", "Dana (she/her)") is not a name.
 */
public final class IdentityProfile {

    private static final Pattern AFTER_SEPARATOR = Pattern.compile("\\s*[|(\\[{/•·,@#].*$");
    private static final Pattern NOT_NAME = Pattern.compile("[^\\p{L}\\p{M}' -]+");
    private static final Set<String> TITLES = Set.of("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame");

    private IdentityProfile() {
    }

    /** The person's attributes: names from the display name, emails, phones and account numbers revealed. */
    public static PersonAttributes attributes(String displayName, List<RevealedAttributes.Revealed> revealed) {
        return attributes(displayName, ProfileLocation.NONE, revealed);
    }

    /**
     * The person's attributes: names from the display name, locality and region from the profile's
     * location, emails, phones and account numbers revealed.
     */
    public static PersonAttributes attributes(String displayName, ProfileLocation location,
            List<RevealedAttributes.Revealed> revealed) {
        String[] names = names(displayName);
        List<String> emails = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        for (RevealedAttributes.Revealed r : revealed) {
            switch (r.kind()) {
                case EMAIL -> emails.add(r.value());
                case PHONE -> phones.add(r.value());
                case ACCOUNT_NUMBER -> accounts.add(r.value());
            }
        }
        return new PersonAttributes(names[0], names[1], emails, phones, accounts, null, null, location.locality(), null,
                location.region(), null);
    }

    /** {given, family} from a display name; either may be null. */
    static String[] names(String displayName) {
        if (displayName == null) {
            return new String[2];
        }
        String s = AFTER_SEPARATOR.matcher(displayName.strip()).replaceAll("");
        s = NOT_NAME.matcher(s).replaceAll(" ");
        List<String> words = new ArrayList<>();
        for (String w : s.strip().split("\\s+")) {
            String bare = w.replaceAll("^['-]+|['-]+$", "");
            if (bare.codePointCount(0, bare.length()) > 1 && !TITLES.contains(bare.toLowerCase(Locale.ROOT))) {
                words.add(bare);
            }
        }
        if (words.isEmpty()) {
            return new String[2];
        }
        if (words.size() == 1) {
            return new String[] {words.get(0), null};
        }
        return new String[] {words.get(0), words.get(words.size() - 1)};
    }
}
