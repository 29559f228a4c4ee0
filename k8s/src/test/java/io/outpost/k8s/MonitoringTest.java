package io.outpost.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static io.outpost.k8s.OutpostChart.sets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The optional monitoring objects: the Grafana dashboard (a ConfigMap for Grafana's sidecar)
 * and the PrometheusRule alerts. PromQL is checked structurally ({@link PromQl}): there is no
 * promtool on the build machines.
 */
class MonitoringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DASHBOARD = "outpost-dashboard";
    /** The enabled services' Service (and Deployment) names, as the chart's default selectors list them. */
    private static final String NAMES_REGEX = "outpost-case-service|outpost-crm-link-service|outpost-ingest-service"
            + "|outpost-routing-service|outpost-survey-service";
    private static final String SERVICE_SELECTOR = "namespace=\"outpost\",job=~\"" + NAMES_REGEX + "\"";
    private static final String DEPLOYMENT_SELECTOR = "namespace=\"outpost\",deployment=~\"" + NAMES_REGEX + "\"";

    /** Each alert and the metrics its expression must read. */
    private static final Map<String, Set<String>> ALERT_METRICS = Map.of(
            "OutpostOutboxBacklogOld", Set.of("outpost_outbox_backlog_oldest_seconds"),
            "OutpostConsumerLagHigh", Set.of("kafka_consumer_fetch_manager_records_lag"),
            "OutpostDeadLetters", Set.of("outpost_inbox_events_total"),
            "OutpostSlaBreaches", Set.of("outpost_cases_sla_breaches_total"),
            "OutpostServiceNotReady", Set.of("kube_deployment_spec_replicas", "kube_deployment_status_replicas_available"));

    private static RenderedManifests manifests;

    @BeforeAll
    static void render() {
        manifests = OutpostChart.render(List.of(), sets(
                "monitoring.dashboard.enabled", true,
                "monitoring.prometheusRule.enabled", true));
    }

    @Test
    void theDashboardIsAConfigMapGrafanasSidecarPicksUp() throws IOException {
        ConfigMap configMap = manifests.get(ConfigMap.class, DASHBOARD);

        assertThat(configMap.getMetadata().getNamespace()).as("the release namespace").isNull();
        assertThat(configMap.getMetadata().getLabels())
                .containsEntry("grafana_dashboard", "1")
                .containsEntry("app.kubernetes.io/instance", OutpostChart.RELEASE);
        assertThat(configMap.getData()).containsOnlyKeys("outpost.json");
        // The chart's file, verbatim: no Helm templating touches the dashboard's own {{...}} and $variables.
        assertThat(configMap.getData().get("outpost.json"))
                .isEqualTo(Files.readString(OutpostChart.CHART_DIR.resolve("dashboards/outpost.json")).strip());
        JsonNode dashboard = dashboard(manifests);
        assertThat(dashboard.path("uid").asText()).isEqualTo("outpost-overview");
        assertThat(dashboard.path("title").asText()).isEqualTo("Outpost");
    }

    @Test
    void theDashboardHasADataSourceAndANamespaceVariable() {
        JsonNode dashboard = dashboard(manifests);
        Map<String, JsonNode> variables = stream(dashboard.path("templating").path("list"))
                .collect(Collectors.toMap(v -> v.path("name").asText(), Function.identity()));

        assertThat(variables).containsOnlyKeys("datasource", "namespace", "job");
        assertThat(variables.get("datasource").path("type").asText()).isEqualTo("datasource");
        assertThat(variables.get("datasource").path("query").asText()).isEqualTo("prometheus");
        assertThat(variables.get("namespace").path("type").asText()).isEqualTo("query");
        assertThat(variables.get("job").path("multi").asBoolean()).isTrue();
        assertThat(variables.get("job").path("includeAll").asBoolean()).isTrue();
        for (String name : List.of("namespace", "job")) {
            JsonNode variable = variables.get(name);
            assertThat(variable.path("datasource").path("uid").asText()).as(name).isEqualTo("${datasource}");
            String query = variable.path("definition").asText();
            assertThat(query).as(name).startsWith("label_values(");
            assertThat(PromQl.metrics(query)).as(name).isNotEmpty().isSubsetOf(PromQl.KNOWN_METRICS);
        }
    }

    @Test
    void everyPanelQueriesKnownMetricsOfTheSelectedNamespaceThroughTheDataSourceVariable() {
        List<JsonNode> panels = queryPanels(dashboard(manifests));

        assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
        assertThat(panels).extracting(p -> p.path("id").asInt()).doesNotHaveDuplicates();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
                assertThat(PromQl.problems(expr)).as("%s: %s", title, expr).isEmpty();
                assertThat(PromQl.metrics(expr)).as("%s: %s", title, expr).isNotEmpty().isSubsetOf(PromQl.KNOWN_METRICS);
                assertThat(expr).as(title).contains("namespace=\"$namespace\"");
                assertThat(expr).as(title).containsAnyOf("job=~\"$job\"", "deployment=~\"$job\"");
            }
        }
    }

    /** Issue 16 §5: outbox backlog and age, publish latency, events by outcome and type, lag, SLA breaches, 5xx, readiness. */
    @Test
    void theDashboardShowsWhatTheIssueAsksForPerService() {
        JsonNode dashboard = dashboard(manifests);
        List<String> exprs = queryPanels(dashboard).stream()
                .flatMap(panel -> stream(panel.path("targets")))
                .map(target -> target.path("expr").asText()).toList();
        Set<String> metrics = exprs.stream().flatMap(expr -> PromQl.metrics(expr).stream())
                .collect(Collectors.toCollection(LinkedHashSet::new));

        assertThat(metrics).contains(
                "outpost_outbox_backlog_rows",
                "outpost_outbox_backlog_oldest_seconds",
                "outpost_outbox_publish_latency_seconds",
                "outpost_inbox_events_total",
                "kafka_consumer_fetch_manager_records_lag",
                "outpost_cases_sla_breaches_total",
                "http_server_requests_seconds_count",
                "kube_deployment_status_replicas_available");
        assertThat(exprs).anySatisfy(expr -> assertThat(expr).contains("quantile=\"0.99\""));
        for (String outcome : List.of("processed", "duplicate", "dead-lettered")) {
            assertThat(exprs).anySatisfy(expr -> assertThat(expr)
                    .contains("outpost_inbox_events_total", "outcome=\"" + outcome + "\"", "by (job, type)"));
        }
        assertThat(exprs).anySatisfy(expr -> assertThat(expr).contains("status=~\"5..\""));
        assertThat(exprs).anySatisfy(expr -> assertThat(expr).contains("kafka_consumer_fetch_manager_records_lag", "topic"));
        // A row repeated for each selected service.
        assertThat(stream(dashboard.path("panels")))
                .anySatisfy(panel -> {
                    assertThat(panel.path("type").asText()).isEqualTo("row");
                    assertThat(panel.path("repeat").asText()).isEqualTo("job");
                });
    }

    @Test
    void theDashboardsLabelNamespaceAndAnnotationsAreConfigurable() {
        RenderedManifests rendered = OutpostChart.render(List.of(), sets(
                "monitoring.dashboard.enabled", true,
                "monitoring.dashboard.label", "grafana.example.com/dashboard",
                "monitoring.dashboard.labelValue", "outpost",
                "monitoring.dashboard.namespace", "monitoring",
                "monitoring.dashboard.labels.team", "care",
                "monitoring.dashboard.annotations.grafana_folder", "Outpost"));
        ConfigMap configMap = rendered.get(ConfigMap.class, DASHBOARD);

        assertThat(configMap.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(configMap.getMetadata().getLabels())
                .contains(entry("grafana.example.com/dashboard", "outpost"), entry("team", "care"))
                .doesNotContainKey("grafana_dashboard");
        assertThat(configMap.getMetadata().getAnnotations()).containsExactly(entry("grafana_folder", "Outpost"));
        assertThat(rendered.all(PrometheusRule.class)).as("each object is switched on by itself").isEmpty();
    }

    @Test
    void thePrometheusRuleHasTheFiveAlertsEachWithForSeverityAndText() {
        PrometheusRule rule = manifests.get(PrometheusRule.class, OutpostChart.RELEASE);
        Map<String, Rule> alerts = alerts(rule);

        assertThat(rule.getMetadata().getNamespace()).as("the release namespace").isNull();
        assertThat(alerts).containsOnlyKeys(ALERT_METRICS.keySet());
        alerts.forEach((name, alert) -> {
            String expr = alert.getExpr().getStrVal();
            assertThat(PromQl.problems(expr)).as("%s: %s", name, expr).isEmpty();
            assertThat(PromQl.metrics(expr)).as(name).containsAll(ALERT_METRICS.get(name)).isSubsetOf(PromQl.KNOWN_METRICS);
            assertThat(alert.getFor()).as(name).matches("([0-9]+(ms|s|m|h|d|w|y))+");
            assertThat(alert.getLabels()).as(name).containsKey("severity");
            assertThat(alert.getAnnotations()).as(name).containsOnlyKeys("summary", "description");
            assertThat(alert.getAnnotations().values()).as(name).allSatisfy(text -> assertThat(text).isNotBlank());
        });
        assertThat(alerts.get("OutpostOutboxBacklogOld").getFor()).isEqualTo("5m");
        assertThat(alerts.get("OutpostServiceNotReady").getLabels()).containsEntry("severity", "critical");
        assertThat(alerts.get("OutpostDeadLetters").getLabels()).containsEntry("severity", "warning");
    }

    @Test
    void alertsReadOnlyThisReleasesSeries() {
        Map<String, Rule> alerts = alerts(manifests.get(PrometheusRule.class, OutpostChart.RELEASE));

        alerts.forEach((name, alert) -> {
            String expr = alert.getExpr().getStrVal();
            int selectors = expr.split("\\{", -1).length - 1;
            String selector = name.equals("OutpostServiceNotReady") ? DEPLOYMENT_SELECTOR : SERVICE_SELECTOR;
            assertThat(expr.split(Pattern.quote("{" + selector), -1).length - 1)
                    .as("%s: every series selector is limited to the release: %s", name, expr).isEqualTo(selectors);
        });

        RenderedManifests withoutSurvey = OutpostChart.render(List.of(), sets(
                "monitoring.prometheusRule.enabled", true,
                "services.survey-service.enabled", false));
        assertThat(alerts(withoutSurvey.get(PrometheusRule.class, OutpostChart.RELEASE)).get("OutpostDeadLetters")
                .getExpr().getStrVal()).contains("outpost-routing-service\"").doesNotContain("survey");
    }

    @Test
    void thresholdsWindowsSeveritiesAndLabelsComeFromValues() {
        RenderedManifests rendered = OutpostChart.render(List.of(), sets(
                "monitoring.prometheusRule.enabled", true,
                "monitoring.prometheusRule.labels.release", "kube-prometheus-stack",
                "monitoring.prometheusRule.alertLabels.team", "care",
                "monitoring.prometheusRule.alerts.outboxBacklogOld.oldestSeconds", 300,
                "monitoring.prometheusRule.alerts.outboxBacklogOld.for", "15m",
                "monitoring.prometheusRule.alerts.consumerLagHigh.records", 5000,
                "monitoring.prometheusRule.alerts.deadLetters.window", "1h",
                "monitoring.prometheusRule.alerts.slaBreaches.perHour", 2.5,
                "monitoring.prometheusRule.alerts.slaBreaches.window", "2h",
                "monitoring.prometheusRule.alerts.serviceNotReady.severity", "page"));
        PrometheusRule rule = rendered.get(PrometheusRule.class, OutpostChart.RELEASE);
        Map<String, Rule> alerts = alerts(rule);

        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        assertThat(alerts.values()).allSatisfy(alert -> assertThat(alert.getLabels()).containsEntry("team", "care"));
        assertThat(expr(alerts, "OutpostOutboxBacklogOld")).endsWith(") > 300");
        assertThat(alerts.get("OutpostOutboxBacklogOld").getFor()).isEqualTo("15m");
        assertThat(expr(alerts, "OutpostConsumerLagHigh")).endsWith(") > 5000");
        assertThat(expr(alerts, "OutpostDeadLetters")).contains("[1h]", "offset 1h");
        assertThat(expr(alerts, "OutpostSlaBreaches")).contains("[2h]").endsWith(" * 3600 > 2.5");
        assertThat(alerts.get("OutpostServiceNotReady").getLabels()).containsEntry("severity", "page");
        alerts.forEach((name, alert) -> assertThat(PromQl.problems(alert.getExpr().getStrVal())).as(name).isEmpty());
    }

    @Test
    void eachAlertCanBeSwitchedOff() {
        RenderedManifests rendered = OutpostChart.render(List.of(), sets(
                "monitoring.prometheusRule.enabled", true,
                "monitoring.prometheusRule.alerts.slaBreaches.enabled", false,
                "monitoring.prometheusRule.alerts.serviceNotReady.enabled", false));

        assertThat(alerts(rendered.get(PrometheusRule.class, OutpostChart.RELEASE)))
                .containsOnlyKeys("OutpostOutboxBacklogOld", "OutpostConsumerLagHigh", "OutpostDeadLetters");
        assertThat(rendered.find(ConfigMap.class, DASHBOARD)).as("each object is switched on by itself").isEmpty();

        Map<String, Object> allOff = sets("monitoring.prometheusRule.enabled", true);
        for (String alert : List.of("outboxBacklogOld", "consumerLagHigh", "deadLetters", "slaBreaches", "serviceNotReady")) {
            allOff.put("monitoring.prometheusRule.alerts." + alert + ".enabled", false);
        }
        assertThat(OutpostChart.render(List.of(), allOff).all(PrometheusRule.class))
                .as("no PrometheusRule without an alert in it").isEmpty();
    }

    /** For Prometheus scraping the services without the chart's ServiceMonitors. */
    @Test
    void theSelectorsCanBeReplaced(@TempDir Path tmp) throws IOException {
        Path values = Files.writeString(tmp.resolve("selectors.yaml"), """
                monitoring:
                  prometheusRule:
                    enabled: true
                    selector: 'kubernetes_namespace="care",app=~"outpost-.*"'
                    deploymentSelector: 'exported_namespace="care"'
                """);
        Map<String, Rule> alerts = alerts(OutpostChart.render(List.of(values), Map.of())
                .get(PrometheusRule.class, OutpostChart.RELEASE));

        assertThat(expr(alerts, "OutpostOutboxBacklogOld"))
                .contains("outpost_outbox_backlog_oldest_seconds{kubernetes_namespace=\"care\",app=~\"outpost-.*\"}")
                .doesNotContain("job=");
        assertThat(expr(alerts, "OutpostServiceNotReady"))
                .contains("kube_deployment_spec_replicas{exported_namespace=\"care\"}");
        alerts.forEach((name, alert) -> assertThat(PromQl.problems(alert.getExpr().getStrVal())).as(name).isEmpty());
    }

    /** Prometheus' own templates in the annotations reach Prometheus as written, not expanded by Helm. */
    @Test
    void prometheusTemplatesInTheAnnotationsPassThroughHelm() {
        Map<String, Rule> alerts = alerts(manifests.get(PrometheusRule.class, OutpostChart.RELEASE));

        assertThat(alerts.get("OutpostConsumerLagHigh").getAnnotations().get("summary"))
                .isEqualTo("{{ $labels.job }} is more than 1000 records behind on {{ $labels.topic }}.");
        assertThat(alerts.get("OutpostOutboxBacklogOld").getAnnotations().get("description"))
                .contains("{{ $value | humanizeDuration }}")
                .doesNotContain("\n");
    }

    /** A dead-letter counter series is born at 1 (at the first dead letter), which increase() alone would miss. */
    @Test
    void theDeadLetterAlertAlsoSeesTheFirstDeadLetterOfANewCounter() {
        String expr = expr(alerts(manifests.get(PrometheusRule.class, OutpostChart.RELEASE)), "OutpostDeadLetters");

        assertThat(expr).contains("increase(outpost_inbox_events_total{" + SERVICE_SELECTOR + ",outcome=\"dead-lettered\"}[15m])");
        assertThat(expr).contains("unless outpost_inbox_events_total{" + SERVICE_SELECTOR
                + ",outcome=\"dead-lettered\"} offset 15m");
    }

    /** The structural PromQL check the tests above rely on does find mistakes. */
    @Test
    void thePromQlCheckFindsBrokenExpressions() {
        assertThat(PromQl.problems("sum(rate(outpost_inbox_events_total[5m])")).isNotEmpty();
        assertThat(PromQl.problems("outpost_outbox_backlog_rows{job=outpost}")).isNotEmpty();
        assertThat(PromQl.problems("rate(outpost_inbox_events_total[5 minutes])")).isNotEmpty();
        assertThat(PromQl.problems("outpost_outbox_backlog_rows{job=\"a}")).isNotEmpty();
        assertThat(PromQl.problems("sum(up)")).containsExactly("reads no metric");
        assertThat(PromQl.problems("")).isNotEmpty();
        assertThat(PromQl.problems("max by (job) (outpost_outbox_backlog_rows{namespace=\"a\", job=~\"b|c\"}) > 1")).isEmpty();
        assertThat(PromQl.metrics("sum(rate(outpost_inbox_events_total{job=\"outpost_x\"}[5m]))"))
                .containsExactly("outpost_inbox_events_total");
    }

    static JsonNode dashboard(RenderedManifests rendered) {
        try {
            return JSON.readTree(rendered.get(ConfigMap.class, DASHBOARD).getData().get("outpost.json"));
        } catch (IOException e) {
            throw new AssertionError("the dashboard is not JSON", e);
        }
    }

    /** Every panel that queries Prometheus (rows only group), including panels nested in collapsed rows. */
    static List<JsonNode> queryPanels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    static Map<String, Rule> alerts(PrometheusRule rule) {
        Map<String, Rule> alerts = new LinkedHashMap<>();
        rule.getSpec().getGroups().forEach(group -> group.getRules().forEach(r -> {
            assertThat(r.getAlert()).as("only alerting rules").isNotBlank();
            assertThat(alerts.put(r.getAlert(), r)).as("alert %s defined twice", r.getAlert()).isNull();
        }));
        return alerts;
    }

    private static String expr(Map<String, Rule> alerts, String name) {
        return alerts.get(name).getExpr().getStrVal();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
