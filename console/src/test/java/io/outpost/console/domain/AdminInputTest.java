package io.outpost.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminInputTest {

    @Test
    void customerIdsFollowCrmLinksRule() {
        assertThat(AdminInput.customerId("CUST-42")).isNull();
        assertThat(AdminInput.customerId("crm:a.b_c")).isNull();
        assertThat(AdminInput.customerId(" ")).contains("Enter");
        assertThat(AdminInput.customerId("CUST 42")).contains("1-100");
        assertThat(AdminInput.customerId("x".repeat(101))).contains("1-100");
    }

    @Test
    void reasonsAreRequiredForRemovalAndBounded() {
        assertThat(AdminInput.text("reason", "", true)).contains("required");
        assertThat(AdminInput.text("note", "", false)).isNull();
        assertThat(AdminInput.text("note", "x".repeat(1001), false)).contains("at most 1000");
        assertThat(AdminInput.text("reason", "customer asked", true)).isNull();
    }

    @Test
    void filtersAndStatuses() {
        assertThat(AdminInput.channel("x")).isNull();
        assertThat(AdminInput.channel("")).isNull();
        assertThat(AdminInput.channel("fax")).contains("one of");
        assertThat(AdminInput.handle("h".repeat(257))).contains("256");
        assertThat(AdminInput.linkStatus("suggested")).isNull();
        assertThat(AdminInput.linkStatus("maybe")).isNotNull();
        assertThat(AdminInput.subject("0b7c1a10-0000-4000-8000-000000000001")).isNull();
        assertThat(AdminInput.subject("a/b")).isNotNull();
        assertThat(AdminInput.uuid("0b7c1a10-0000-4000-8000-000000000001")).isTrue();
        assertThat(AdminInput.uuid("nope")).isFalse();
    }
}
