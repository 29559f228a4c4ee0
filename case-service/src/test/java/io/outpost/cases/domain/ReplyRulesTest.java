package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyRulesTest {

    @ParameterizedTest
    @ValueSource(strings = { "https://acme.example/help", "  http://a.example/x  ", "www.acme.example",
            "https://a.example/1 https://b.example/2", "<https://acme.example/help>", "https://acme.example/help.",
            "HTTPS://ACME.EXAMPLE", "https://a.example\n\nhttps://b.example" })
    void textThatIsOnlyLinksIsLinkOnly(String text) {
        assertThat(ReplyRules.isOnlyLinks(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "Reset it here: https://acme.example/help", "https://acme.example/help see this",
            "thanks!", "acme.example/help", "   ", "" })
    void textWithAnswerOrWithoutLinksIsNotLinkOnly(String text) {
        assertThat(ReplyRules.isOnlyLinks(text)).isFalse();
    }

    @Test
    void theSignatureIsAppendedAfterOneSpace() {
        assertThat(ReplyRules.withSignature("  Hi there  ", "^JK")).isEqualTo("Hi there ^JK");
        assertThat(ReplyRules.withSignature("Hi", null)).isEqualTo("Hi");
        assertThat(ReplyRules.withSignature("Hi", " ")).isEqualTo("Hi");
    }

    @Test
    void xPublicLimitCountsCodePointsIncludingTheSignature() {
        String sig = "^JK"; // " ^JK" adds 4
        String fits = "a".repeat(276);
        String over = "a".repeat(277);
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, fits, ReplyRules.withSignature(fits, sig))).isEmpty();
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, over, ReplyRules.withSignature(over, sig)))
                .hasValueSatisfying(r -> assertThat(r).contains("280").contains("281"));
        // 276 emoji are 552 UTF-16 chars but 276 code points: they fit.
        String emoji = "\uD83D\uDE00".repeat(276);
        assertThat(ReplyRules.length(ReplyRules.withSignature(emoji, sig))).isEqualTo(280);
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, emoji, ReplyRules.withSignature(emoji, sig))).isEmpty();
    }

    @Test
    void theLimitIsForPublicRepliesOnXOnly() {
        String longText = "a".repeat(1000);
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PRIVATE, longText, longText)).isEmpty();
        assertThat(ReplyRules.refusal(Channel.FACEBOOK, Visibility.PUBLIC, longText, longText)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void privatePathTable(Channel channel) {
        assertThat(ReplyRules.hasPrivatePath(channel)).isEqualTo(channel != Channel.FORUM);
        assertThat(ReplyRules.refusal(channel, Visibility.PRIVATE, "hi", "hi").isPresent())
                .isEqualTo(channel == Channel.FORUM);
        assertThat(ReplyRules.refusal(channel, Visibility.PUBLIC, "hi", "hi")).isEmpty();
    }

    @Test
    void aLinkOnlyReplyIsRefusedWhateverTheSignature() {
        assertThat(ReplyRules.refusal(Channel.CHAT, Visibility.PRIVATE, "https://acme.example",
                "https://acme.example ^JK")).hasValueSatisfying(r -> assertThat(r).contains("answer first, then link"));
    }

    @Test
    void defaultSignatureIsInitialsOfTheNameElseTheUsername() {
        assertThat(ReplyRules.defaultSignature("Jane Kowalski", "jk42")).isEqualTo("^JK");
        assertThat(ReplyRules.defaultSignature("Jane Maria Kowalski", "x")).isEqualTo("^JK");
        assertThat(ReplyRules.defaultSignature("Cher", "x")).isEqualTo("^C");
        assertThat(ReplyRules.defaultSignature("élodie dupont", "x")).isEqualTo("^ÉD");
        assertThat(ReplyRules.defaultSignature(null, "jane.kowalski")).isEqualTo("^JK");
        assertThat(ReplyRules.defaultSignature("  ", "test-agent")).isEqualTo("^TA");
        assertThat(ReplyRules.defaultSignature(null, "bob")).isEqualTo("^B");
        assertThat(ReplyRules.defaultSignature(null, "---")).isNull();
    }

    @Test
    void signaturesAreOneShortLine() {
        assertThat(ReplyRules.signatureRefusal("^JK")).isEmpty();
        assertThat(ReplyRules.signatureRefusal("0123456789")).isEmpty();
        assertThat(ReplyRules.signatureRefusal("01234567890")).isPresent();
        assertThat(ReplyRules.signatureRefusal("")).isPresent();
        assertThat(ReplyRules.signatureRefusal(null)).isPresent();
        assertThat(ReplyRules.signatureRefusal("a\nb")).isPresent();
    }
}
