package io.outpost.k8s;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A structural look at PromQL expressions (no promtool on the build machines, and no PromQL
 * parser on the classpath): balanced brackets and quotes, well-formed label matchers and range
 * selectors, and the metric names an expression reads. It does not type-check the query.
 */
final class PromQl {

    /**
     * The metrics the dashboard and the alerts may read: the services' own (Micrometer names
     * in Prometheus form), Micrometer's Kafka client binder's consumer lag, the Quarkus HTTP
     * server metrics, and kube-state-metrics' Deployment and container readiness.
     */
    static final Set<String> KNOWN_METRICS = Set.of(
            "outpost_outbox_backlog_rows",
            "outpost_outbox_backlog_oldest_seconds",
            "outpost_outbox_publish_latency_seconds",
            "outpost_outbox_publish_latency_seconds_count",
            "outpost_outbox_publish_latency_seconds_sum",
            "outpost_outbox_publish_latency_seconds_max",
            "outpost_inbox_events_total",
            "outpost_cases_sla_breaches_total",
            "kafka_consumer_fetch_manager_records_lag",
            "kafka_consumer_fetch_manager_records_lag_max",
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_sum",
            "http_server_requests_seconds_max",
            "kube_deployment_spec_replicas",
            "kube_deployment_status_replicas_available",
            "kube_pod_container_status_ready");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    /** Names with the prefixes of the metric families above (outside string literals). */
    private static final Pattern METRIC = Pattern.compile("\\b(?:outpost|kafka|http|kube|jvm|process|system)_[a-z0-9_]*");
    private static final Pattern MATCHERS = Pattern.compile(
            "\\s*([a-zA-Z_][a-zA-Z0-9_]*\\s*(=|!=|=~|!~)\\s*\"\"\\s*(,\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*(=|!=|=~|!~)\\s*\"\"\\s*)*,?\\s*)?");
    private static final Pattern RANGE = Pattern.compile("([0-9]+(ms|s|m|h|d|w|y))+|\\$__rate_interval|\\$__interval|\\$__range");

    private PromQl() {
    }

    /** The metric names the expression reads. */
    static Set<String> metrics(String expr) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = METRIC.matcher(withoutStrings(expr));
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    /** What is structurally wrong with the expression; empty when nothing is. */
    static List<String> problems(String expr) {
        List<String> problems = new ArrayList<>();
        if (expr == null || expr.isBlank()) {
            problems.add("empty expression");
            return problems;
        }
        String bare = withoutStrings(expr);
        if (bare.replace("\"\"", "").indexOf('"') >= 0) {
            problems.add("unterminated string");
        }
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < bare.length(); i++) {
            char c = bare.charAt(i);
            if (c == '(' || c == '{' || c == '[') {
                open.push(i);
            } else if (c == ')' || c == '}' || c == ']') {
                if (open.isEmpty()) {
                    problems.add("unexpected '" + c + "' at " + i);
                    return problems;
                }
                int start = open.pop();
                char opening = bare.charAt(start);
                if ("({[".indexOf(opening) != ")}]".indexOf(c)) {
                    problems.add("'" + opening + "' at " + start + " closed by '" + c + "' at " + i);
                    return problems;
                }
                String inside = bare.substring(start + 1, i);
                if (c == '}' && !MATCHERS.matcher(inside).matches()) {
                    problems.add("malformed label matchers {" + inside + "}");
                }
                if (c == ']' && !RANGE.matcher(inside.strip()).matches()) {
                    problems.add("malformed range [" + inside + "]");
                }
            }
        }
        if (!open.isEmpty()) {
            problems.add("unclosed '" + bare.charAt(open.peek()) + "' at " + open.peek());
        }
        if (metrics(expr).isEmpty()) {
            problems.add("reads no metric");
        }
        return problems;
    }

    /** The expression with every string literal emptied ("..." becomes ""). */
    static String withoutStrings(String expr) {
        return STRING.matcher(expr).replaceAll("\"\"");
    }
}
