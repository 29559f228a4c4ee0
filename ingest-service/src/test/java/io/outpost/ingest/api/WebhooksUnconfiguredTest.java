package io.outpost.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outpost.ingest.config.MetaWebhookConfig;
import io.outpost.kit.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Without secrets the webhooks accept nothing: 503, before a signature or a body is looked at. */
class WebhooksUnconfiguredTest {

    static final byte[] BODY = "{\"object\":\"page\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8);

    final MetaWebhookResource meta = new MetaWebhookResource(new MetaWebhookConfig() {
        @Override
        public Optional<String> appSecret() {
            return Optional.empty();
        }

        @Override
        public Optional<String> verifyToken() {
            return Optional.of(" ");
        }
    }, null);

    final XWebhookResource x = new XWebhookResource(Optional::empty, null);

    @Test
    void metaRefusesDeliveriesAndHandshakes() {
        assertThatThrownBy(() -> meta.receive("sha256=00", BODY)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThatThrownBy(() -> meta.verify("subscribe", " ", "1")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(503));
    }

    @Test
    void xRefusesDeliveriesAndCrc() {
        assertThatThrownBy(() -> x.receive("sha256=AA==", BODY)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThatThrownBy(() -> x.crc("token")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(503));
    }
}
