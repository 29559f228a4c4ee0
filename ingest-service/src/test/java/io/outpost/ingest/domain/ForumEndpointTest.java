package io.outpost.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForumEndpointTest {

    @Test
    void httpsAnywhereAndHttpOnlyOnThisMachine() {
        assertThat(ForumEndpoint.refusal("https://forum.example.com/outpost/replies")).isEmpty();
        assertThat(ForumEndpoint.refusal("https://forum.example.com:8443/outpost")).isEmpty();
        assertThat(ForumEndpoint.refusal("HTTPS://Forum.Example.com/x")).isEmpty();
        assertThat(ForumEndpoint.refusal("http://localhost:8090/forum/replies")).isEmpty();
        assertThat(ForumEndpoint.refusal("http://127.0.0.1:8090/forum/replies")).isEmpty();
        assertThat(ForumEndpoint.refusal("http://127.8.9.10/")).isEmpty();
        assertThat(ForumEndpoint.refusal("http://[::1]:8090/forum")).isEmpty();

        assertThat(ForumEndpoint.refusal("http://forum.example.com/outpost")).get().asString().contains("must use https");
        assertThat(ForumEndpoint.refusal("http://10.0.0.5/outpost")).get().asString().contains("must use https");
        // A name that merely starts like loopback is not loopback; names are never resolved.
        assertThat(ForumEndpoint.refusal("http://127.0.0.1.evil.example/x")).get().asString().contains("must use https");
        assertThat(ForumEndpoint.refusal("http://localhost.evil.example/x")).get().asString().contains("must use https");
        assertThat(ForumEndpoint.refusal("http://[::2]/x")).get().asString().contains("must use https");
    }

    @Test
    void notAnAbsoluteWebUrlIsRefusedWithTheReason() {
        assertThat(ForumEndpoint.refusal(null)).get().asString().contains("absolute https URL");
        assertThat(ForumEndpoint.refusal("  ")).get().asString().contains("absolute https URL");
        assertThat(ForumEndpoint.refusal("/outpost/replies")).get().asString().contains("absolute https URL");
        assertThat(ForumEndpoint.refusal("ftp://forum.example.com/x")).get().asString().contains("absolute https URL");
        assertThat(ForumEndpoint.refusal("mailto:care@example.com")).get().asString().contains("absolute https URL");
        assertThat(ForumEndpoint.refusal("https://exa mple.com/")).get().asString().startsWith("is not a URL");
        assertThat(ForumEndpoint.refusal("https://bot:pw@forum.example.com/x")).get().asString().contains("user name or password");
        assertThat(ForumEndpoint.refusal("https://forum.example.com/x?token=1")).get().asString().contains("query or a fragment");
        assertThat(ForumEndpoint.refusal("https://forum.example.com/x#top")).get().asString().contains("query or a fragment");
        assertThat(ForumEndpoint.refusal("https://forum.example.com/" + "a".repeat(2_048))).get().asString().contains("2048");
    }
}
