package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnswerFirstTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Hi https://x.co/help",
            "https://acme.example/help",
            "  http://a.example/x  ",
            "www.acme.example",
            "https://a.example/1 https://b.example/2",
            "<https://acme.example/help>.",
            "HTTPS://ACME.EXAMPLE",
            "https://a.example\n\nhttps://b.example",
            "Hi Jane! 👋 https://x.co/help",
            "Hello there, please see https://x.co/help 🙏",
            "@jane_doe Thanks for reaching out! More info here: https://x.co/help #support",
            "Sorry for the trouble, check out our FAQ: example.com/help",
            "Hi Jane Doe, https://x.co/help ^JK",
            "Hi, Jane: https://x.co/help",
            "Hey, this should help: www.acme.example/help",
            "Thank you so much! Have a great day. https://x.co/survey",
            "We're sorry to hear that 😞 Please have a look at our help page https://x.co/help — Jo",
            "Dear customer, https://x.co/help",
            "Hi! Here: https://x.co/help $ACME",
    })
    void aLinkWithoutAnAnswerIsRefused(String text) {
        assertThat(AnswerFirst.hasLink(text)).isTrue();
        assertThat(AnswerFirst.refusal(text)).as(text)
                .hasValueSatisfying(reason -> assertThat(reason).contains("answer first, then link"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "You can reset it under Settings > Security: https://x.co/help",
            "https://x.co/help explains it: reset it under Settings > Security",
            "Hi Jane, your refund went out today: https://x.co/r/1182",
            "Order 1182 ships Monday https://x.co/t",
            "Please DM us your order number: https://x.co/dm",
            "Sorry for the trouble! The outage is fixed, details: https://status.acme.example",
            "Hi Jane! You can reset it here: example.com/help ^JK",
    })
    void aLinkWithAnAnswerBeforeOrAfterItIsAccepted(String text) {
        assertThat(AnswerFirst.hasLink(text)).isTrue();
        assertThat(AnswerFirst.refusal(text)).as(text).isEmpty();
    }

    /** Acknowledging praise or an apology with no link is not a deflection: the rule leaves it alone. */
    @ParameterizedTest
    @ValueSource(strings = { "Thanks!", "Thank you so much! 💙", "Hi!", "Sorry for the trouble", "💙", "@jane 👍",
            "acme.example/help" })
    void aReplyWithoutALinkIsNeverRefusedByThisRule(String text) {
        assertThat(AnswerFirst.hasLink(text)).as(text).isFalse();
        assertThat(AnswerFirst.refusal(text)).as(text).isEmpty();
    }

    @Test
    void theAnswerIsWhatRemainsWithoutLinksCourtesiesMentionsAndPointers() {
        assertThat(AnswerFirst.answerWords("@jane Hi Jane, thanks for your patience! Your refund went out today: "
                + "https://x.co/r #refunds 🎉 ^JK")).containsExactly("your", "refund", "went", "out", "today");
        // "!" ends the greeted name: "You" is part of the answer.
        assertThat(AnswerFirst.answerWords("Hi Jane! You can reset it.")).containsExactly("you", "can", "reset", "it");
        // A continuation counts only after its courtesy: "for the delay" on its own is part of an answer
        // (only "the", a word that points at links, is taken out wherever it stands).
        assertThat(AnswerFirst.answerWords("Credit for the delay is on your bill"))
                .containsExactly("credit", "for", "delay", "is", "on", "your", "bill");
        assertThat(AnswerFirst.answerWords("Sorry for the delay, credit is on your bill"))
                .containsExactly("credit", "is", "on", "your", "bill");
        // Curly apostrophes are straight ones: "we’re sorry" is an apology.
        assertThat(AnswerFirst.answerWords("We’re sorry about that. It’s fixed")).containsExactly("it's", "fixed");
        // Not a greeted name across a link.
        assertThat(AnswerFirst.answerWords("Hi https://x.co/a Jane Doe")).containsExactly("jane", "doe");
    }

    @Test
    void theReasonNamesWhatTheReplyHasInsteadOfAnAnswer() {
        assertThat(AnswerFirst.refusal("https://x.co/help")).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("the reply has no answer besides its link: answer first, then link"));
        assertThat(AnswerFirst.refusal("Hi https://x.co/help")).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("the reply has no answer besides its greeting and link: answer first, then link"));
        assertThat(AnswerFirst.refusal("@jane Hi, thanks! https://x.co/help #help")).hasValueSatisfying(
                reason -> assertThat(reason).startsWith(
                        "the reply has no answer besides its greeting, thanks, mention, hashtag and link:"));
        assertThat(AnswerFirst.refusal("Hi https://x.co/help")).hasValueSatisfying(reason -> assertThat(reason)
                .contains("at least " + AnswerFirst.MIN_ANSWER_WORDS + " words"));
    }

    @Test
    void oneWordBesidesTheLinkIsNotAnAnswerTwoAre() {
        assertThat(AnswerFirst.refusal("Yes: https://x.co/help")).isPresent();
        assertThat(AnswerFirst.refusal("Yes, free: https://x.co/help")).isEmpty();
    }

    @Test
    void blankTextHasNoLinkAndNoRefusal() {
        assertThat(AnswerFirst.refusal("   ")).isEmpty();
        assertThat(AnswerFirst.refusal(null)).isEmpty();
    }
}
