package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.twitter.twittertext.TwitterTextParser;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.kit.text.ChannelTextLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReplyRulesTest {

    private static final String X_WEIGHTED = "x-weighted-characters";
    private static final String EMOJI = "\uD83D\uDE00";

    /** A public X reply's length as ReplyRules measures it (service-kit's twitter-text count). */
    private static int xLength(String sent) {
        return ReplyRules.measure(Channel.X, Visibility.PUBLIC, sent).length();
    }

    @Test
    void theSignatureIsAppendedAfterOneSpace() {
        assertThat(ReplyRules.withSignature("  Hi there  ", "^JK")).isEqualTo("Hi there ^JK");
        assertThat(ReplyRules.withSignature("Hi", null)).isEqualTo("Hi");
        assertThat(ReplyRules.withSignature("Hi", " ")).isEqualTo("Hi");
    }

    @Test
    void xPublicLimitCountsAsXDoesIncludingTheSignature() {
        String sig = "^JK"; // " ^JK" adds 4
        String fits = "a".repeat(276);
        String over = "a".repeat(277);
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, fits, ReplyRules.withSignature(fits, sig))).isEmpty();
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, over, ReplyRules.withSignature(over, sig)))
                .contains("text is 281 characters, X allows 280 (X counts a link as 23 and an emoji as 2)");
        // X weighs an emoji 2: 138 of them and " ^JK" are 280, 139 are 282 (but only 143 code points).
        String emoji = "\uD83D\uDE00".repeat(138);
        assertThat(xLength(ReplyRules.withSignature(emoji, sig))).isEqualTo(280);
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, emoji, ReplyRules.withSignature(emoji, sig))).isEmpty();
        String moreEmoji = emoji + "\uD83D\uDE00";
        assertThat(ReplyRules.length(ReplyRules.withSignature(moreEmoji, sig))).isEqualTo(143);
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, moreEmoji, ReplyRules.withSignature(moreEmoji, sig)))
                .hasValueSatisfying(r -> assertThat(r).contains("282"));
    }

    @Test
    void xCountsEveryLinkAs23WhateverItsLength() {
        String longLink = "https://help.acme.example.com/articles/" + "a".repeat(200);
        assertThat(xLength(longLink)).isEqualTo(23);
        assertThat(xLength("https://x.co")).isEqualTo(23);
        // A bare domain X recognises is a link too.
        assertThat(xLength("example.com/help")).isEqualTo(23);
        // 250 characters, a space and a 239-character link: 274 as X counts it (490 code points), it fits.
        String text = "Reset it. " + "b".repeat(240) + " " + longLink;
        String sent = ReplyRules.withSignature(text, "^JK");
        assertThat(ReplyRules.length(sent)).isEqualTo(494);
        assertThat(ReplyRules.measure(Channel.X, Visibility.PUBLIC, sent)).isEqualTo(new ReplyRules.Measure(278, 280, X_WEIGHTED));
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, text, sent)).isEmpty();
    }

    @Test
    void xWeighsCjkCharactersTwo() {
        assertThat(xLength("日本語")).isEqualTo(6);
        assertThat(xLength("Ünïcödé")).isEqualTo(7);
        String cjk = "日".repeat(141);
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, cjk, cjk))
                .hasValueSatisfying(r -> assertThat(r).contains("282"));
    }

    @Test
    void theXPostLimitIsTwitterTextsOwn() {
        assertThat(ChannelTextLimits.X_POST.max())
                .isEqualTo(TwitterTextParser.TWITTER_TEXT_DEFAULT_CONFIG.getMaxWeightedTweetLength());
    }

    @Test
    void everyChannelWithALimitReportsItInItsOwnUnit() {
        // An X DM counts code points: the emoji once, the link as typed.
        assertThat(ReplyRules.measure(Channel.X, Visibility.PRIVATE, EMOJI + " https://x.co"))
                .isEqualTo(new ReplyRules.Measure(14, 10_000, "characters"));
        // An Instagram message counts UTF-8 bytes: the emoji 4.
        assertThat(ReplyRules.measure(Channel.INSTAGRAM, Visibility.PRIVATE, EMOJI + " https://x.co"))
                .isEqualTo(new ReplyRules.Measure(17, 1_000, "utf-8-bytes"));
        assertThat(ReplyRules.measure(Channel.INSTAGRAM, Visibility.PUBLIC, "hello"))
                .isEqualTo(new ReplyRules.Measure(5, 2_000, "characters"));
        assertThat(ReplyRules.measure(Channel.FACEBOOK, Visibility.PUBLIC, "hello"))
                .isEqualTo(new ReplyRules.Measure(5, 8_000, "characters"));
        assertThat(ReplyRules.measure(Channel.FACEBOOK, Visibility.PRIVATE, "hello"))
                .as("a Facebook private reply is a Messenger message").isEqualTo(new ReplyRules.Measure(5, 2_000, "characters"));
        assertThat(ReplyRules.measure(Channel.MESSENGER, Visibility.PRIVATE, "hello"))
                .isEqualTo(new ReplyRules.Measure(5, 2_000, "characters"));
        assertThat(ReplyRules.measure(Channel.FORUM, Visibility.PUBLIC, "hello"))
                .isEqualTo(new ReplyRules.Measure(5, 65_536, "characters"));
        assertThat(ReplyRules.measure(Channel.EMAIL, Visibility.PRIVATE, EMOJI))
                .as("email has no limit").isEqualTo(new ReplyRules.Measure(1, null, "characters"));
        assertThat(ReplyRules.measure(Channel.CHAT, Visibility.PUBLIC, "hello")).isEqualTo(new ReplyRules.Measure(5, null, "characters"));
    }

    @Test
    void aReplyOverItsChannelsLimitIsRefusedInIngestsWords() {
        String dm = EMOJI.repeat(250) + " ^JK"; // 1,004 UTF-8 bytes, 255 characters
        assertThat(ReplyRules.refusal(Channel.INSTAGRAM, Visibility.PRIVATE, EMOJI.repeat(250), dm))
                .contains("text is 1004 UTF-8 bytes, Instagram allows 1000");
        assertThat(ReplyRules.refusal(Channel.INSTAGRAM, Visibility.PUBLIC, EMOJI.repeat(250), dm))
                .as("an Instagram comment reply takes 2,000 characters").isEmpty();
        String answer = "Reset it under Settings. " + "a".repeat(1_980);
        assertThat(ReplyRules.refusal(Channel.MESSENGER, Visibility.PRIVATE, answer, answer))
                .contains("text is 2005 characters, Messenger allows 2000");
        assertThat(ReplyRules.refusal(Channel.FACEBOOK, Visibility.PRIVATE, answer, answer))
                .contains("text is 2005 characters, Messenger allows 2000");
        assertThat(ReplyRules.refusal(Channel.FACEBOOK, Visibility.PUBLIC, answer, answer)).isEmpty();
        String longAnswer = "Reset it under Settings. " + "a".repeat(9_975);
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PRIVATE, longAnswer, longAnswer)).isEmpty();
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PRIVATE, longAnswer, longAnswer + " ^JK"))
                .contains("text is 10004 characters, X allows 10000");
        assertThat(ReplyRules.refusal(Channel.EMAIL, Visibility.PRIVATE, longAnswer, longAnswer + " ^JK")).isEmpty();
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
    void aReplyWithoutAnAnswerIsRefusedWhateverTheChannelAndSignature() {
        assertThat(ReplyRules.refusal(Channel.CHAT, Visibility.PRIVATE, "https://acme.example",
                "https://acme.example ^JK")).hasValueSatisfying(r -> assertThat(r).contains("answer first, then link"));
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, "Hi https://x.co/help", "Hi https://x.co/help ^JK"))
                .hasValueSatisfying(r -> assertThat(r).contains("greeting and link"));
        // The answer-first rule reads the author's text: the appended signature is no answer.
        assertThat(ReplyRules.refusal(Channel.FACEBOOK, Visibility.PUBLIC, "https://x.co/help",
                "https://x.co/help Jane Doe")).isPresent();
        String answer = "You can reset it under Settings > Security: https://x.co/help";
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, answer, answer + " ^JK")).isEmpty();
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
