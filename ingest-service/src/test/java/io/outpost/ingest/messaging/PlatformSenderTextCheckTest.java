package io.outpost.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.ingest.domain.Delivery;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which length rule a delivery is checked against before any platform call (the rule itself is
 * service-kit's ChannelTextLimits, tested there). The check uses none of the sender's collaborators.
 */
class PlatformSenderTextCheckTest {

    private static final String EMOJI = "\uD83D\uDE00";
    private final PlatformSender sender = new PlatformSender(null, null, null, null);

    @Test
    void aPublicXReplyIsCountedAsXCountsIt() {
        assertThat(check("x", "public-reply", "a".repeat(250) + " https://support.example.com/" + "a".repeat(200)))
                .as("a long link counts 23: 274 as X counts it").isEmpty();
        assertThat(check("x", "public-reply", "a".repeat(279) + EMOJI))
                .as("an emoji weighs 2: 281, although 280 code points")
                .contains("text is 281 characters, X allows 280 (X counts a link as 23 and an emoji as 2)");
        assertThat(check("x", "public-post", EMOJI.repeat(141))).contains(
                "text is 282 characters, X allows 280 (X counts a link as 23 and an emoji as 2)");
    }

    @Test
    void privateMessagesHaveTheirChannelsLimits() {
        assertThat(check("x", "private-message", "a".repeat(10_000))).isEmpty();
        assertThat(check("x", "survey-invitation", "a".repeat(10_001))).contains("text is 10001 characters, X allows 10000");
        assertThat(check("instagram", "private-message", EMOJI.repeat(251)))
                .contains("text is 1004 UTF-8 bytes, Instagram allows 1000");
        assertThat(check("facebook", "consent-request", "a".repeat(2_001))).contains("text is 2001 characters, Messenger allows 2000");
        assertThat(check("messenger", "private-message", " ")).contains("text is empty");
    }

    @Test
    void whatAChannelCannotSendIsRefusedForThatReasonNotItsLength() {
        assertThat(check("messenger", "public-reply", "Hi")).contains("Messenger has no public replies; use private-message");
        assertThat(check("instagram", "public-post", "Hi")).contains("Instagram cannot publish a text-only post; post on x or facebook");
        assertThat(check("email", "private-message", "Hi")).contains("no outbound client for channel email");
        assertThat(check("facebook", "public-post", "a".repeat(10_000))).as("a page post takes 63,206").isEmpty();
    }

    @Test
    void aPrivateMessageToAFacebookCommenterIsAPrivateReplyToTheirComment() {
        Delivery d = delivery("facebook", "private-message", "Could you send us your order number?");
        assertThat(sender.check(d)).as("the comment is the recipient").isEmpty();
        d.inReplyToId = null;
        assertThat(sender.check(d)).contains("a private message to a Facebook commenter is a Private Reply to their"
                + " comment: it needs inReplyToExternalId (the comment)");
        Delivery instagram = delivery("instagram", "private-message", "Hi");
        instagram.inReplyToId = null;
        assertThat(sender.check(instagram)).as("an Instagram DM within the window goes to the IGSID").isEmpty();
    }

    private Optional<String> check(String channel, String kind, String text) {
        return sender.check(delivery(channel, kind, text));
    }

    private static Delivery delivery(String channel, String kind, String text) {
        Delivery d = new Delivery();
        d.channel = channel;
        d.kind = kind;
        d.text = text;
        d.inReplyToId = "post-1";
        d.recipientId = "user-1";
        return d;
    }
}
