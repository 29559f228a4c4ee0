package io.outpost.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.outpost.k8s.OutpostChart.objectName;
import static io.outpost.k8s.OutpostChart.sets;
import static io.outpost.k8s.RenderedChartTest.container;
import static io.outpost.k8s.RenderedChartTest.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secret values given inline (the chart then creates the Secrets) end up in Secrets and
 * nowhere else: not in a ConfigMap, not in an env value, not in an annotation.
 */
class SecretHandlingTest {

    private static final String DB_PASSWORD = "db-pw-9f3c1e";
    private static final String KAFKA_PASSWORD = "kafka-pw-41d8a0";
    private static final String META_APP_SECRET = "meta-app-5b7e22";
    private static final String META_VERIFY_TOKEN = "meta-verify-0c6d93";
    private static final String X_CONSUMER_SECRET = "x-consumer-a8f104";
    private static final String LINK_SECRET = "link-key-7d2e9b41c0a85f36e1d4b7c92a0f6e38";
    private static final String PREVIOUS_LINK_SECRET = "link-old-1a6f3c8e5b2d9047f3e6a1c8b5d2094e";
    private static final String ACCOUNT_SEALING_KEY = "c2VhbGluZy1rZXktb2YtY2hhbm5lbC1hY2NvdW50cyE=";
    private static final String X_OAUTH_CLIENT_ID = "x-client-id-3e9a0b";
    private static final String X_OAUTH_CLIENT_SECRET = "x-client-secret-6c1f57";
    private static final String CONSOLE_CLIENT_SECRET = "console-client-secret-2b8e6f1d0a9c4e73b5d1";
    private static final List<String> SECRETS = List.of(DB_PASSWORD, KAFKA_PASSWORD, META_APP_SECRET,
            META_VERIFY_TOKEN, X_CONSUMER_SECRET, LINK_SECRET, PREVIOUS_LINK_SECRET, ACCOUNT_SEALING_KEY,
            X_OAUTH_CLIENT_ID, X_OAUTH_CLIENT_SECRET, CONSOLE_CLIENT_SECRET);

    private static RenderedManifests manifests;

    @BeforeAll
    static void render() {
        manifests = OutpostChart.render(List.of(), sets(
                "services.case-service.database.existingSecret", "",
                "services.case-service.database.username", "outpost_case",
                "services.case-service.database.password", DB_PASSWORD,
                "kafka.securityProtocol", "SASL_SSL",
                "kafka.sasl.username", "outpost",
                "kafka.sasl.password", KAFKA_PASSWORD,
                "webhooks.existingSecret", "",
                "webhooks.metaAppSecret", META_APP_SECRET,
                "webhooks.metaVerifyToken", META_VERIFY_TOKEN,
                "webhooks.xConsumerSecret", X_CONSUMER_SECRET,
                "links.existingSecret", "",
                "links.secret", LINK_SECRET,
                "links.previousSecrets[0]", PREVIOUS_LINK_SECRET,
                "channelAccounts.secretKey", ACCOUNT_SEALING_KEY,
                "xOAuth.clientId", X_OAUTH_CLIENT_ID,
                "xOAuth.clientSecret", X_OAUTH_CLIENT_SECRET,
                "console.oidc.existingSecret", "",
                "console.oidc.clientSecret", CONSOLE_CLIENT_SECRET));
    }

    @Test
    void noSecretValueIsRenderedIntoAConfigMap() {
        List<ConfigMap> configMaps = manifests.all(ConfigMap.class);
        assertThat(configMaps).hasSize(OutpostChart.WORKLOADS.size());
        for (ConfigMap configMap : configMaps) {
            String everything = String.join("\n", Stream.of(
                    configMap.getData() == null ? Map.<String, String>of() : configMap.getData(),
                    configMap.getBinaryData() == null ? Map.<String, String>of() : configMap.getBinaryData())
                    .flatMap(map -> map.entrySet().stream())
                    .map(e -> e.getKey() + "=" + e.getValue()).toList());
            assertThat(everything).as(configMap.getMetadata().getName()).doesNotContain(SECRETS);
        }
    }

    @Test
    void noSecretValueAppearsOutsideASecret() {
        for (HasMetadata object : manifests.all()) {
            if (object instanceof Secret) {
                continue;
            }
            assertThat(RenderedManifests.asYaml(object)).as("%s/%s", object.getKind(), object.getMetadata().getName())
                    .doesNotContain(SECRETS);
        }
    }

    /** The check above is not vacuous: each value was rendered, into a Secret the pods reference. */
    @Test
    void everySecretValueLandsInASecretThePodsReference() {
        String secrets = String.join("\n", manifests.all(Secret.class).stream()
                .map(SecretHandlingTest::decodedContent).toList());
        assertThat(secrets).contains(SECRETS);
        assertThat(secrets).contains("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"outpost\" password=\""
                + KAFKA_PASSWORD + "\";");

        var caseDbRef = env(container(manifests, "case-service"), "QUARKUS_DATASOURCE_PASSWORD").getValueFrom().getSecretKeyRef();
        assertThat(manifests.get(Secret.class, caseDbRef.getName()).getStringData()).containsEntry(caseDbRef.getKey(), DB_PASSWORD);
        var metaRef = env(container(manifests, "ingest-service"), "OUTPOST_META_APP_SECRET").getValueFrom().getSecretKeyRef();
        assertThat(manifests.get(Secret.class, metaRef.getName()).getStringData()).containsEntry(metaRef.getKey(), META_APP_SECRET);
        var sealingRef = env(container(manifests, "ingest-service"), "OUTPOST_CHANNEL_ACCOUNTS_SECRET_KEY").getValueFrom()
                .getSecretKeyRef();
        assertThat(manifests.get(Secret.class, sealingRef.getName()).getStringData())
                .containsEntry(sealingRef.getKey(), ACCOUNT_SEALING_KEY);
        var clientIdRef = env(container(manifests, "ingest-service"), "OUTPOST_OUTBOUND_X_CLIENT_ID").getValueFrom()
                .getSecretKeyRef();
        var clientSecretRef = env(container(manifests, "ingest-service"), "OUTPOST_OUTBOUND_X_CLIENT_SECRET").getValueFrom()
                .getSecretKeyRef();
        assertThat(manifests.get(Secret.class, clientIdRef.getName()).getStringData())
                .containsEntry(clientIdRef.getKey(), X_OAUTH_CLIENT_ID);
        assertThat(manifests.get(Secret.class, clientSecretRef.getName()).getStringData())
                .containsEntry(clientSecretRef.getKey(), X_OAUTH_CLIENT_SECRET);
        var consoleRef = env(container(manifests, OutpostChart.CONSOLE), "QUARKUS_OIDC_CREDENTIALS_SECRET").getValueFrom()
                .getSecretKeyRef();
        assertThat(manifests.get(Secret.class, consoleRef.getName()).getStringData())
                .containsOnly(Map.entry(consoleRef.getKey(), CONSOLE_CLIENT_SECRET));
        var jaasRef = env(container(manifests, "routing-service"), "KAFKA_SASL_JAAS_CONFIG").getValueFrom().getSecretKeyRef();
        assertThat(manifests.get(Secret.class, jaasRef.getName()).getStringData()).containsKey(jaasRef.getKey());
        for (String service : List.of("survey-service", "crm-link-service")) {
            var linkRef = env(container(manifests, service), "OUTPOST_LINKS_SECRET").getValueFrom().getSecretKeyRef();
            assertThat(manifests.get(Secret.class, linkRef.getName()).getStringData()).as(service)
                    .containsEntry(linkRef.getKey(), LINK_SECRET);
        }
        // Services that kept their existing Secret still use it.
        assertThat(env(container(manifests, "survey-service"), "QUARKUS_DATASOURCE_PASSWORD").getValueFrom()
                .getSecretKeyRef().getName()).isEqualTo("outpost-survey-db");
        assertThat(manifests.find(Secret.class, objectName("survey-service") + "-db")).isEmpty();
    }

    /** The sealing key is optional: without one no pod references it; a named Secret is referenced as it is. */
    @Test
    void channelAccountsSealingKeyIsOptionalAndAnExistingSecretIsUsedAsNamed() {
        RenderedManifests defaults = OutpostChart.renderDefaults();
        assertThat(container(defaults, "ingest-service").getEnv())
                .noneMatch(e -> e.getName().equals("OUTPOST_CHANNEL_ACCOUNTS_SECRET_KEY"));
        assertThat(defaults.all(Secret.class)).noneMatch(secret -> secret.getMetadata().getName().endsWith("-channel-accounts"));

        RenderedManifests existing = OutpostChart.render(List.of(), sets("channelAccounts.existingSecret", "outpost-sealing"));
        var ref = env(container(existing, "ingest-service"), "OUTPOST_CHANNEL_ACCOUNTS_SECRET_KEY").getValueFrom().getSecretKeyRef();
        assertThat(ref.getName()).isEqualTo("outpost-sealing");
        assertThat(ref.getKey()).isEqualTo("channel-accounts-secret-key");
        for (String other : List.of("case-service", "routing-service", "survey-service", "crm-link-service")) {
            assertThat(container(existing, other).getEnv()).as(other)
                    .noneMatch(e -> e.getName().equals("OUTPOST_CHANNEL_ACCOUNTS_SECRET_KEY"));
        }
    }

    /**
     * ingest-service reads the X app's OAuth client as {@code outpost.outbound.x.client-id} / {@code client-secret}
     * (OutboundConfig.X): optional; from a named Secret as named, the secret's key optional (a public client);
     * inline, a chart-managed Secret holds only what was given.
     */
    @Test
    void xOAuthClientIsOptionalAndAnExistingSecretIsUsedAsNamed() {
        RenderedManifests defaults = OutpostChart.renderDefaults();
        assertThat(container(defaults, "ingest-service").getEnv())
                .noneMatch(e -> e.getName().startsWith("OUTPOST_OUTBOUND_X_CLIENT"));
        assertThat(defaults.all(Secret.class)).noneMatch(secret -> secret.getMetadata().getName().endsWith("-x-oauth"));

        RenderedManifests existing = OutpostChart.render(List.of(), sets("xOAuth.existingSecret", "outpost-x-app"));
        var id = env(container(existing, "ingest-service"), "OUTPOST_OUTBOUND_X_CLIENT_ID").getValueFrom().getSecretKeyRef();
        assertThat(id.getName()).isEqualTo("outpost-x-app");
        assertThat(id.getKey()).isEqualTo("x-oauth-client-id");
        assertThat(id.getOptional()).as("the client id is required once a Secret is named").isNotEqualTo(Boolean.TRUE);
        var secret = env(container(existing, "ingest-service"), "OUTPOST_OUTBOUND_X_CLIENT_SECRET").getValueFrom().getSecretKeyRef();
        assertThat(secret.getName()).isEqualTo("outpost-x-app");
        assertThat(secret.getKey()).isEqualTo("x-oauth-client-secret");
        assertThat(secret.getOptional()).as("a public client has no secret").isTrue();
        assertThat(existing.all(Secret.class)).noneMatch(s -> s.getMetadata().getName().endsWith("-x-oauth"));
        for (String other : List.of("case-service", "routing-service", "survey-service", "crm-link-service")) {
            assertThat(container(existing, other).getEnv()).as(other)
                    .noneMatch(e -> e.getName().startsWith("OUTPOST_OUTBOUND_X_CLIENT"));
        }

        RenderedManifests publicClient = OutpostChart.render(List.of(), sets("xOAuth.clientId", X_OAUTH_CLIENT_ID));
        var publicRef = env(container(publicClient, "ingest-service"), "OUTPOST_OUTBOUND_X_CLIENT_ID").getValueFrom()
                .getSecretKeyRef();
        assertThat(publicClient.get(Secret.class, publicRef.getName()).getStringData())
                .containsOnlyKeys("x-oauth-client-id").containsEntry("x-oauth-client-id", X_OAUTH_CLIENT_ID);
    }

    @Test
    void aSecretLookingVariableInThePlainEnvironmentIsRefused() {
        assertThatThrownBy(() -> OutpostChart.template(List.of(),
                sets("services.crm-link-service.env.CRM_API_PASSWORD", "hunter2")))
                .hasMessageContaining("CRM_API_PASSWORD looks like a secret");
        assertThatThrownBy(() -> OutpostChart.template(List.of(),
                sets("console.env.QUARKUS_OIDC_CREDENTIALS_SECRET", "hunter2")))
                .hasMessageContaining("console.env.QUARKUS_OIDC_CREDENTIALS_SECRET looks like a secret");
    }

    @Test
    void inlineCredentialsAreRequiredWhenNoExistingSecretIsNamed() {
        assertThatThrownBy(() -> OutpostChart.template(List.of(),
                sets("services.routing-service.database.existingSecret", "")))
                .hasMessageContaining("services.routing-service.database: set existingSecret, or username and password");
        assertThatThrownBy(() -> OutpostChart.template(List.of(),
                sets("kafka.securityProtocol", "SASL_PLAINTEXT")))
                .hasMessageContaining("kafka.sasl: set existingSecret, or username and password");
        assertThatThrownBy(() -> OutpostChart.template(List.of(), sets("webhooks.existingSecret", "")))
                .hasMessageContaining("webhooks: set existingSecret");
        assertThatThrownBy(() -> OutpostChart.template(List.of(), sets("links.existingSecret", "")))
                .hasMessageContaining("links: set existingSecret, or secret");
        assertThatThrownBy(() -> OutpostChart.template(List.of(), sets("console.oidc.existingSecret", "")))
                .hasMessageContaining("console.oidc: set existingSecret, or clientSecret");
    }

    private static String decodedContent(Secret secret) {
        StringBuilder content = new StringBuilder();
        if (secret.getStringData() != null) {
            secret.getStringData().values().forEach(v -> content.append(v).append('\n'));
        }
        if (secret.getData() != null) {
            secret.getData().values().forEach(v ->
                    content.append(new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)).append('\n'));
        }
        return content.toString();
    }
}
