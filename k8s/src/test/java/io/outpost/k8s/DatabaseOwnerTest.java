package io.outpost.k8s;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.List;
import org.junit.jupiter.api.Test;

import static io.outpost.k8s.OutpostChart.SERVICES;
import static io.outpost.k8s.OutpostChart.objectName;
import static io.outpost.k8s.OutpostChart.sets;
import static io.outpost.k8s.RenderedChartTest.container;
import static io.outpost.k8s.RenderedChartTest.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A service that runs as a less privileged database role than the owner that migrates it
 * (crm-link-service: its role may only insert and read the audit log) gets the owner's
 * credentials for Flyway only; the others migrate with their own.
 */
class DatabaseOwnerTest {

    private static SecretKeySelector ref(List<EnvVar> env, String name) {
        return env.stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValueFrom().getSecretKeyRef();
    }

    @Test
    void crmLinkMigratesAsTheOwnerAndRunsAsItsOwnRole() {
        for (RenderedManifests manifests : List.of(OutpostChart.renderDefaults(), OutpostChart.renderProduction())) {
            List<EnvVar> env = container(manifests, "crm-link-service").getEnv();
            assertThat(ref(env, "QUARKUS_FLYWAY_USERNAME").getName()).isEqualTo("outpost-crm-link-db-owner");
            assertThat(ref(env, "QUARKUS_FLYWAY_PASSWORD").getName()).isEqualTo("outpost-crm-link-db-owner");
            assertThat(ref(env, "QUARKUS_FLYWAY_PASSWORD").getKey()).isEqualTo("password");
            assertThat(env(container(manifests, "crm-link-service"), "QUARKUS_DATASOURCE_USERNAME").getValueFrom()
                    .getSecretKeyRef().getName()).isEqualTo("outpost-crm-link-db");
            for (String service : SERVICES) {
                if (!service.equals("crm-link-service")) {
                    assertThat(container(manifests, service).getEnv()).as(service).extracting(EnvVar::getName)
                            .doesNotContain("QUARKUS_FLYWAY_USERNAME", "QUARKUS_FLYWAY_PASSWORD");
                }
            }
        }
    }

    @Test
    void inlineOwnerCredentialsGoIntoAChartManagedSecret() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "services.crm-link-service.database.owner.existingSecret", "",
                "services.crm-link-service.database.owner.username", "outpost_crm_link",
                "services.crm-link-service.database.owner.password", "owner-pw-3c9e1a"));
        SecretKeySelector password = ref(container(manifests, "crm-link-service").getEnv(), "QUARKUS_FLYWAY_PASSWORD");
        assertThat(password.getName()).isEqualTo(objectName("crm-link-service") + "-db-owner");
        assertThat(manifests.get(Secret.class, password.getName()).getStringData())
                .containsEntry("username", "outpost_crm_link").containsEntry("password", "owner-pw-3c9e1a");
        assertThatThrownBy(() -> OutpostChart.template(List.of(), sets(
                "services.crm-link-service.database.owner.existingSecret", "",
                "services.crm-link-service.database.owner.username", "outpost_crm_link")))
                .hasMessageContaining("services.crm-link-service.database.owner: set existingSecret, or username and password");
    }

    @Test
    void withoutAnOwnerTheServiceMigratesWithItsOwnCredentials() {
        RenderedManifests manifests = OutpostChart.render(List.of(), sets(
                "services.crm-link-service.database.owner.existingSecret", ""));
        assertThat(container(manifests, "crm-link-service").getEnv()).extracting(EnvVar::getName)
                .doesNotContain("QUARKUS_FLYWAY_USERNAME", "QUARKUS_FLYWAY_PASSWORD");
    }
}
