package io.outpost.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** `helm lint --strict`: warnings fail too. */
class ChartLintTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void chartPassesStrictLintWithItsDefaults() {
        LintResult result = new Helm(OutpostChart.CHART_DIR).lint().strict().call();

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    }

    /**
     * helm-java's lint takes no values file, so the production values are merged over the
     * defaults (Helm's merge: maps key by key, the rest replaced) in a copy of the chart.
     */
    @Test
    void chartPassesStrictLintWithTheProductionValues(@TempDir Path tmp) throws IOException {
        Path chart = copyChart(tmp);
        Map<String, Object> merged = merge(read(OutpostChart.CHART_DIR.resolve("values.yaml")),
                read(OutpostChart.PRODUCTION_VALUES));
        YAML.writeValue(chart.resolve("values.yaml").toFile(), merged);

        LintResult result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    }

    /** The lint above can fail: a template that does not parse is reported. */
    @Test
    void strictLintReportsABrokenTemplate(@TempDir Path tmp) throws IOException {
        Path chart = copyChart(tmp);
        Files.writeString(chart.resolve("templates/broken.yaml"), "kind: ConfigMap\n{{ .Values.image.tag\n");

        LintResult result = new Helm(chart).lint().strict().call();

        assertThat(result.isFailed()).isTrue();
    }

    private static Path copyChart(Path tmp) throws IOException {
        Path target = tmp.resolve("outpost");
        try (Stream<Path> files = Files.walk(OutpostChart.CHART_DIR)) {
            for (Path source : files.toList()) {
                Path copy = target.resolve(OutpostChart.CHART_DIR.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        return target;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) throws IOException {
        return YAML.readValue(file.toFile(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && result.get(key) instanceof Map<?, ?> existing) {
                result.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) map));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }
}
