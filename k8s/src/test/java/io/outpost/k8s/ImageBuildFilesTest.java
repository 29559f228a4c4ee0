package io.outpost.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.outpost.k8s.OutpostChart.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images the chart runs: every service has both Dockerfiles, they run as the user the
 * chart's securityContext names, expose the port the chart probes, and the native workflow
 * builds every service.
 */
class ImageBuildFilesTest {

    private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\d+)\\s*$");
    private static final Pattern EXPOSE = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)\\s*$");

    @Test
    void everyServiceHasBothDockerfilesRunningAsTheChartsNonRootUser() throws IOException {
        long chartUser = OutpostChart.renderDefaults().get(Deployment.class, OutpostChart.objectName("case-service"))
                .getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
        for (String service : SERVICES) {
            for (String dockerfile : List.of("Dockerfile.jvm", "Dockerfile.native-micro")) {
                Path file = OutpostChart.REPO_DIR.resolve(service).resolve("src/main/docker").resolve(dockerfile);
                assertThat(file).as("%s %s", service, dockerfile).isRegularFile();
                String content = Files.readString(file);
                assertThat(last(USER, content)).as("%s %s USER", service, dockerfile).isEqualTo(String.valueOf(chartUser));
                assertThat(last(EXPOSE, content)).as("%s %s EXPOSE", service, dockerfile)
                        .isEqualTo(String.valueOf(OutpostChart.PORTS.get(service)));
            }
        }
    }

    /**
     * The console's image (outpost/console) must run as the same user and expose the port the chart probes (8080).
     * Skipped while the console module is not in this tree (it is written beside the chart, issue 18).
     */
    @Test
    void theConsolesJvmDockerfileRunsAsTheChartsUserOnItsPort() throws IOException {
        Path module = OutpostChart.REPO_DIR.resolve(OutpostChart.CONSOLE);
        Assumptions.assumeTrue(Files.isRegularFile(module.resolve("pom.xml")), "no console module in this tree");
        long chartUser = OutpostChart.renderDefaults().get(Deployment.class, OutpostChart.objectName(OutpostChart.CONSOLE))
                .getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
        Path file = module.resolve("src/main/docker/Dockerfile.jvm");
        assertThat(file).as("the chart deploys image outpost/console, built from this file").isRegularFile();
        String content = Files.readString(file);
        assertThat(last(USER, content)).as("console Dockerfile.jvm USER").isEqualTo(String.valueOf(chartUser));
        assertThat(last(EXPOSE, content)).as("console Dockerfile.jvm EXPOSE")
                .isEqualTo(String.valueOf(OutpostChart.PORTS.get(OutpostChart.CONSOLE)));
    }

    @Test
    void nativeWorkflowBuildsAndTestsEveryServiceWithMandrel() throws IOException {
        Path workflow = OutpostChart.REPO_DIR.resolve(".github/workflows/native.yml");
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(workflow.toFile());

        JsonNode native_ = root.path("jobs").path("native");
        assertThat(native_.isMissingNode()).as("jobs.native").isFalse();
        List<String> matrix = new ArrayList<>();
        native_.path("strategy").path("matrix").path("service").forEach(node -> matrix.add(node.asText()));
        assertThat(matrix).containsExactlyInAnyOrderElementsOf(SERVICES);
        String steps = native_.path("steps").toString();
        assertThat(steps).contains("-Pnative", "quarkus.native.container-build=true", "quarkus.native.builder-image=",
                "Dockerfile.native-micro", "--read-only", "--cap-drop ALL", "/q/health/ready");
        assertThat(root.path("env").path("MANDREL_BUILDER").asText()).contains("mandrel-builder-image");
    }

    private static String last(Pattern pattern, String content) {
        Matcher matcher = pattern.matcher(content);
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        return last;
    }
}
