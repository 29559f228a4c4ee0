package io.outpost.crmlink.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The words a person sees when asked for consent, by version. The version is evidence: a
 * consent is only as good as the text it answered, so a text is never edited in place — a
 * change is a new version, and requests keep the version they were sent with.
 */
public final class ConsentTexts {

    /**
     * One version of the texts.
     *
     * @param version     its name, recorded with every request and decision
     * @param dmTemplate  the direct message; {@code {purposes}}, {@code {url}}, {@code {until}} and
     *                    {@code {keyword}} are filled in
     * @param intro       the page's opening sentence
     * @param purposes    what each purpose means, in plain words
     */
    public record Version(String version, String dmTemplate, String intro, Map<ConsentPurpose, String> purposes) {

        public String describe(ConsentPurpose purpose) {
            return purposes.get(purpose);
        }

        /** The DM for a request. */
        public String dm(List<ConsentPurpose> asked, String url, String until, String keyword) {
            String list = String.join(", ", asked.stream().map(ConsentPurpose::wireName).toList());
            return dmTemplate.replace("{purposes}", list).replace("{url}", url).replace("{until}", until)
                    .replace("{keyword}", keyword);
        }
    }

    private static final Map<String, Version> VERSIONS = Map.of("2026-11", new Version("2026-11",
            "We'd like your permission for: {purposes}. See exactly what this means and decide here: {url} "
                    + "(the link works until {until}). You can change your mind on the same page, or reply {keyword} at any time.",
            "You decide, purpose by purpose. Nothing below happens unless you say yes, and you can withdraw any time.",
            Map.of(ConsentPurpose.IDENTITY_LINK,
                    "Link this social account to your customer record, so our agents can see your account details when you contact us here.",
                    ConsentPurpose.PERSONALIZATION,
                    "Use what we know about you as a customer to tailor our replies to you.",
                    ConsentPurpose.SURVEYS,
                    "Ask you short satisfaction surveys after we helped you.")));

    private ConsentTexts() {
    }

    public static Optional<Version> find(String version) {
        return Optional.ofNullable(VERSIONS.get(version));
    }
}
