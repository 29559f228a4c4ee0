package io.outpost.k8s;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart under test and the ways the tests drive Helm (the Helm library embedded by
 * helm-java: no helm binary, no cluster).
 */
final class OutpostChart {

    static final Path MODULE_DIR = Path.of(System.getProperty("outpost.k8s.dir", ".")).toAbsolutePath().normalize();
    static final Path CHART_DIR = MODULE_DIR.resolve("chart/outpost");
    static final Path PRODUCTION_VALUES = MODULE_DIR.resolve("examples/values-production.yaml");
    static final Path REPO_DIR = MODULE_DIR.getParent();

    static final String RELEASE = "outpost";
    static final String NAMESPACE = "outpost";
    /** The Kubernetes version rendered for (helm-java's default, 1.20, is older than the chart's kubeVersion). */
    static final String KUBE_VERSION = "1.30.0";

    /** The five services, named independently of values.yaml so that a service dropped there fails the tests. */
    static final List<String> SERVICES = List.of(
            "ingest-service", "case-service", "routing-service", "survey-service", "crm-link-service");

    /** The agent console (module console): deployed like the services, configured under the top-level `console`. */
    static final String CONSOLE = "console";

    /** Everything deployed as a workload: the five services and the console. */
    static final List<String> WORKLOADS = List.of(
            "ingest-service", "case-service", "routing-service", "survey-service", "crm-link-service", CONSOLE);

    /** Each service's database, as the services expect it. */
    static final Map<String, String> DATABASES = Map.of(
            "ingest-service", "outpost_ingest",
            "case-service", "outpost_case",
            "routing-service", "outpost_routing",
            "survey-service", "outpost_survey",
            "crm-link-service", "outpost_crm_link");

    /** Each service's HTTP port. */
    static final Map<String, Integer> PORTS = Map.of(
            "ingest-service", 8081,
            "case-service", 8082,
            "routing-service", 8083,
            "survey-service", 8084,
            "crm-link-service", 8085,
            CONSOLE, 8080);

    private OutpostChart() {
    }

    static String objectName(String service) {
        return RELEASE + "-" + service;
    }

    /** Renders the chart with the given values files (in order) and --set overrides. */
    static String template(List<Path> valuesFiles, Map<String, Object> sets) {
        if (!Files.isDirectory(CHART_DIR)) {
            throw new IllegalStateException("chart not found at " + CHART_DIR);
        }
        TemplateCommand command = new Helm(CHART_DIR).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call();
    }

    static RenderedManifests render(List<Path> valuesFiles, Map<String, Object> sets) {
        return RenderedManifests.parse(template(valuesFiles, sets));
    }

    static RenderedManifests renderDefaults() {
        return render(List.of(), Map.of());
    }

    static RenderedManifests renderProduction() {
        return render(List.of(PRODUCTION_VALUES), Map.of());
    }

    /** Ordered --set map builder (the order of --set flags matters to Helm). */
    static Map<String, Object> sets(Object... keysAndValues) {
        Map<String, Object> sets = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            sets.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return sets;
    }
}
