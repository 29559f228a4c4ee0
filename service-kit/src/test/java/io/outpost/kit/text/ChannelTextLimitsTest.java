package io.outpost.kit.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import io.outpost.contracts.events.OutboundRequested.Kind;
import io.outpost.kit.text.ChannelTextLimits.Form;
import io.outpost.kit.text.ChannelTextLimits.Limit;
import io.outpost.kit.text.ChannelTextLimits.Unit;
import org.junit.jupiter.api.Test;

class ChannelTextLimitsTest {

    private static final String EMOJI = "\uD83D\uDE00"; // U+1F600: one code point, two UTF-16 units, four UTF-8 bytes
    private static final String LONG_LINK = "https://support.example.com/articles/" + "a".repeat(200);

    @Test
    void xCountsAPublicPostItsOwnWay() {
        assertThat(Unit.X_WEIGHTED.lengthOf("a".repeat(280))).isEqualTo(280);
        assertThat(Unit.X_WEIGHTED.lengthOf(EMOJI)).as("an emoji weighs 2").isEqualTo(2);
        assertThat(Unit.X_WEIGHTED.lengthOf("\u65E5\u672C")).as("CJK weighs 2 each").isEqualTo(4);
        assertThat(Unit.X_WEIGHTED.lengthOf(LONG_LINK)).as("any link is 23").isEqualTo(23);
        assertThat(Unit.X_WEIGHTED.lengthOf("cafe\u0301")).as("NFC first: e + combining accent is one").isEqualTo(4);
    }

    @Test
    void theOtherUnitsCountCodePointsOrUtf8Bytes() {
        assertThat(Unit.CODE_POINTS.lengthOf(EMOJI + "a")).isEqualTo(2);
        assertThat(Unit.UTF8_BYTES.lengthOf(EMOJI + "\u00E9a")).as("4 + 2 + 1").isEqualTo(7);
    }

    @Test
    void aPublicXReplyFitsBy280WeightedCharacters() {
        assertThat(ChannelTextLimits.refusal(Channel.X, Form.PUBLIC_REPLY, "a".repeat(280))).isEmpty();
        assertThat(ChannelTextLimits.refusal(Channel.X, Form.PUBLIC_REPLY, "a".repeat(250) + " " + LONG_LINK))
                .as("250 + 1 + 23 = 274, although 488 code points").isEmpty();
        assertThat(ChannelTextLimits.refusal(Channel.X, Form.PUBLIC_REPLY, EMOJI.repeat(140))).isEmpty();
        assertThat(ChannelTextLimits.refusal(Channel.X, Form.PUBLIC_REPLY, EMOJI.repeat(141)))
                .contains("text is 282 characters, X allows 280 (X counts a link as 23 and an emoji as 2)");
        assertThat(ChannelTextLimits.refusal(Channel.X, Form.PUBLIC_POST, "a".repeat(281)))
                .contains("text is 281 characters, X allows 280 (X counts a link as 23 and an emoji as 2)");
    }

    @Test
    void anXDirectMessageTakes10000CodePoints() {
        assertThat(ChannelTextLimits.refusal(Channel.X, Form.PRIVATE_MESSAGE, EMOJI.repeat(10_000))).isEmpty();
        assertThat(ChannelTextLimits.refusal(Channel.X, Form.PRIVATE_MESSAGE, "a".repeat(10_001)))
                .contains("text is 10001 characters, X allows 10000");
    }

    @Test
    void anInstagramMessageTakes1000Utf8Bytes() {
        assertThat(ChannelTextLimits.refusal(Channel.INSTAGRAM, Form.PRIVATE_MESSAGE, EMOJI.repeat(250))).isEmpty();
        assertThat(ChannelTextLimits.refusal(Channel.INSTAGRAM, Form.PRIVATE_MESSAGE, EMOJI.repeat(251)))
                .as("251 characters, 1004 bytes").contains("text is 1004 UTF-8 bytes, Instagram allows 1000");
        assertThat(ChannelTextLimits.refusal(Channel.INSTAGRAM, Form.PUBLIC_REPLY, EMOJI.repeat(251)))
                .as("a comment reply is not a message").isEmpty();
    }

    @Test
    void eachChannelAndFormHasItsLimitOrNone() {
        assertThat(ChannelTextLimits.limitFor(Channel.X, Form.PUBLIC_REPLY)).contains(new Limit("X", 280, Unit.X_WEIGHTED));
        assertThat(ChannelTextLimits.limitFor(Channel.X, Form.PUBLIC_POST)).contains(ChannelTextLimits.X_POST);
        assertThat(ChannelTextLimits.limitFor(Channel.X, Form.PRIVATE_MESSAGE)).contains(ChannelTextLimits.X_DIRECT_MESSAGE);
        assertThat(ChannelTextLimits.limitFor(Channel.FACEBOOK, Form.PUBLIC_REPLY)).contains(ChannelTextLimits.FACEBOOK_COMMENT);
        assertThat(ChannelTextLimits.limitFor(Channel.FACEBOOK, Form.PUBLIC_POST)).contains(ChannelTextLimits.FACEBOOK_POST);
        assertThat(ChannelTextLimits.limitFor(Channel.FACEBOOK, Form.PRIVATE_MESSAGE))
                .as("a Facebook private reply goes through Messenger").contains(ChannelTextLimits.MESSENGER_MESSAGE);
        assertThat(ChannelTextLimits.limitFor(Channel.INSTAGRAM, Form.PUBLIC_REPLY)).contains(ChannelTextLimits.INSTAGRAM_COMMENT);
        assertThat(ChannelTextLimits.limitFor(Channel.INSTAGRAM, Form.PRIVATE_MESSAGE)).contains(ChannelTextLimits.INSTAGRAM_MESSAGE);
        assertThat(ChannelTextLimits.limitFor(Channel.INSTAGRAM, Form.PUBLIC_POST)).as("no text-only posts").isEmpty();
        assertThat(ChannelTextLimits.limitFor(Channel.MESSENGER, Form.PRIVATE_MESSAGE)).contains(ChannelTextLimits.MESSENGER_MESSAGE);
        assertThat(ChannelTextLimits.limitFor(Channel.MESSENGER, Form.PUBLIC_REPLY)).as("no public path").isEmpty();
        assertThat(ChannelTextLimits.limitFor(Channel.FORUM, Form.PUBLIC_REPLY)).contains(ChannelTextLimits.FORUM);
        assertThat(ChannelTextLimits.limitFor(Channel.FORUM, Form.PRIVATE_MESSAGE)).as("no private path").isEmpty();
        assertThat(ChannelTextLimits.limitFor(Channel.EMAIL, Form.PRIVATE_MESSAGE)).isEmpty();
        assertThat(ChannelTextLimits.limitFor(Channel.CHAT, Form.PUBLIC_REPLY)).isEmpty();
    }

    @Test
    void codePointLimitsCountAnEmojiOnce() {
        assertThat(ChannelTextLimits.refusal(Channel.MESSENGER, Form.PRIVATE_MESSAGE, EMOJI.repeat(2_000))).isEmpty();
        assertThat(ChannelTextLimits.refusal(Channel.MESSENGER, Form.PRIVATE_MESSAGE, EMOJI.repeat(2_001)))
                .contains("text is 2001 characters, Messenger allows 2000");
        assertThat(ChannelTextLimits.refusal(Channel.FACEBOOK, Form.PUBLIC_REPLY, "a".repeat(8_001)))
                .contains("text is 8001 characters, Facebook allows 8000");
    }

    @Test
    void emptyTextIsRefusedWhateverTheChannel() {
        assertThat(ChannelTextLimits.refusal(Channel.X, Form.PUBLIC_REPLY, " ")).contains("text is empty");
        assertThat(ChannelTextLimits.refusal(Channel.EMAIL, Form.PRIVATE_MESSAGE, null)).contains("text is empty");
        assertThat(ChannelTextLimits.refusal(Channel.EMAIL, Form.PRIVATE_MESSAGE, "a".repeat(100_000))).isEmpty();
    }

    @Test
    void everyOutboundKindAndVisibilityHasAForm() {
        assertThat(Form.of(Kind.PUBLIC_REPLY)).isEqualTo(Form.PUBLIC_REPLY);
        assertThat(Form.of(Kind.PUBLIC_POST)).isEqualTo(Form.PUBLIC_POST);
        assertThat(Form.of(Kind.PRIVATE_MESSAGE)).isEqualTo(Form.PRIVATE_MESSAGE);
        assertThat(Form.of(Kind.SURVEY_INVITATION)).isEqualTo(Form.PRIVATE_MESSAGE);
        assertThat(Form.of(Kind.CONSENT_REQUEST)).isEqualTo(Form.PRIVATE_MESSAGE);
        assertThat(Form.of(Visibility.PUBLIC)).isEqualTo(Form.PUBLIC_REPLY);
        assertThat(Form.of(Visibility.PRIVATE)).isEqualTo(Form.PRIVATE_MESSAGE);
    }
}
