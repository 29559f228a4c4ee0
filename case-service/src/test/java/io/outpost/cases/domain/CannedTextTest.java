package io.outpost.cases.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CannedTextTest {

    private static final Map<String, String> VALUES = CannedText.values("dana", "Dana K", "Sam Agent",
            "c-1", "acct-9");

    @Test
    void everyKnownPlaceholderIsFilledIn() {
        CannedText.Rendered r = CannedText.render("Hi @{{customer.handle}} ({{customer.name}}), {{agent.name}} here "
                + "about {{case.id}} from {{brand.account}}.", VALUES);
        assertThat(r.text()).isEqualTo("Hi @dana (Dana K), Sam Agent here about c-1 from acct-9.");
        assertThat(r.missing()).isEmpty();
    }

    @Test
    void spacesInsideTheBracesAreAllowedAndAPlaceholderMayRepeat() {
        CannedText.Rendered r = CannedText.render("{{ customer.handle }} / {{customer.handle}}", VALUES);
        assertThat(r.text()).isEqualTo("dana / dana");
        assertThat(CannedText.placeholders("{{ customer.handle }} {{case.id}} {{customer.handle}}"))
                .containsExactly("customer.handle", "case.id");
    }

    @Test
    void aMissingValueRendersEmptyAndIsNamedOnce() {
        Map<String, String> values = CannedText.values("dana", null, "Sam", "c-1", " ");
        CannedText.Rendered r = CannedText.render("Hi {{customer.name}}{{customer.name}}, from {{brand.account}}!",
                values);
        assertThat(r.text()).isEqualTo("Hi , from !");
        assertThat(r.missing()).containsExactly("customer.name", "brand.account");
    }

    @Test
    void plainTextAndSingleBracesAreLiteral() {
        for (String text : List.of("Thanks! :-}", "{not a placeholder}", "a { b } c", "")) {
            assertThat(CannedText.refusal(text)).as(text).isEmpty();
            assertThat(CannedText.render(text, VALUES).text()).isEqualTo(text);
        }
        assertThat(CannedText.render("{{case.id}}}", VALUES).text()).isEqualTo("c-1}");
    }

    @Test
    void anUnknownPlaceholderIsRefusedByName() {
        assertThat(CannedText.refusal("Hi {{customer.email}}")).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("unknown placeholder {{customer.email}}").contains("{{customer.handle}}"));
        assertThat(CannedText.refusal("Hi {{}}")).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("unknown placeholder {{}}"));
        assertThat(CannedText.refusal("{{Customer.Handle}}")).isPresent(); // names are case-sensitive
    }

    @ParameterizedTest
    @ValueSource(strings = { "Hi {{customer.handle", "Hi {{customer.handle {{case.id}}", "Hi customer.handle}}",
            "{{case.id}} }}", "{{" })
    void unbalancedBracesAreRefused(String text) {
        assertThat(CannedText.refusal(text)).hasValueSatisfying(reason -> assertThat(reason).startsWith("unbalanced braces"));
        assertThat(CannedText.placeholders(text)).isEmpty();
        assertThatThrownBy(() -> CannedText.render(text, VALUES)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRefusalSaysWhere() {
        assertThat(CannedText.refusal("ab {{case.id")).contains("unbalanced braces: '{{' without '}}' at character 4");
        assertThat(CannedText.refusal("ab }}")).contains("unbalanced braces: '}}' without '{{' at character 4");
    }
}
