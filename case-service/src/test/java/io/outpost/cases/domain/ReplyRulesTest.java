package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.twitter.twittertext.TwitterTextParser;
import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReplyRulesTest {

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
                .hasValueSatisfying(r -> assertThat(r).contains("280").contains("281"));
        // X weighs an emoji 2: 138 of them and " ^JK" are 280, 139 are 282 (but only 143 code points).
        String emoji = "\uD83D\uDE00".repeat(138);
        assertThat(ReplyRules.xWeightedLength(ReplyRules.withSignature(emoji, sig))).isEqualTo(280);
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, emoji, ReplyRules.withSignature(emoji, sig))).isEmpty();
        String moreEmoji = emoji + "\uD83D\uDE00";
        assertThat(ReplyRules.length(ReplyRules.withSignature(moreEmoji, sig))).isEqualTo(143);
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, moreEmoji, ReplyRules.withSignature(moreEmoji, sig)))
                .hasValueSatisfying(r -> assertThat(r).contains("282"));
    }

    @Test
    void xCountsEveryLinkAs23WhateverItsLength() {
        String longLink = "https://help.acme.example.com/articles/" + "a".repeat(200);
        assertThat(ReplyRules.xWeightedLength(longLink)).isEqualTo(23);
        assertThat(ReplyRules.xWeightedLength("https://x.co")).isEqualTo(23);
        // A bare domain X recognises is a link too.
        assertThat(ReplyRules.xWeightedLength("example.com/help")).isEqualTo(23);
        // 250 characters, a space and a 239-character link: 274 as X counts it (490 code points), it fits.
        String text = "Reset it. " + "b".repeat(240) + " " + longLink;
        String sent = ReplyRules.withSignature(text, "^JK");
        assertThat(ReplyRules.length(sent)).isEqualTo(494);
        assertThat(ReplyRules.measure(Channel.X, Visibility.PUBLIC, sent)).isEqualTo(new ReplyRules.Measure(278, 280));
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, text, sent)).isEmpty();
    }

    @Test
    void xWeighsCjkCharactersTwo() {
        assertThat(ReplyRules.xWeightedLength("日本語")).isEqualTo(6);
        assertThat(ReplyRules.xWeightedLength("Ünïcödé")).isEqualTo(7);
        String cjk = "日".repeat(141);
        assertThat(ReplyRules.refusal(Channel.X, Visibility.PUBLIC, cjk, cjk))
                .hasValueSatisfying(r -> assertThat(r).contains("282"));
    }

    @Test
    void theLimitIsTwitterTextsOwnAndOnlyForPublicRepliesOnX() {
        assertThat(ReplyRules.X_PUBLIC_LIMIT)
                .isEqualTo(TwitterTextParser.TWITTER_TEXT_DEFAULT_CONFIG.getMaxWeightedTweetLength());
        assertThat(ReplyRules.measure(Channel.X, Visibility.PRIVATE, "\uD83D\uDE00 https://x.co"))
                .isEqualTo(new ReplyRules.Measure(14, null));
        assertThat(ReplyRules.measure(Channel.FACEBOOK, Visibility.PUBLIC, "hello")).isEqualTo(new ReplyRules.Measure(5, null));
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
