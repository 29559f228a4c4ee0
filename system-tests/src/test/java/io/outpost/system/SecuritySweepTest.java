package io.outpost.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.devstack.LocalTokens;
import io.outpost.system.Exchanges.Call;
import io.outpost.system.Exchanges.Outcome;
import io.outpost.system.OpenApi.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every {@code /api/**} operation of every running service, read from its OpenAPI document, called
 * with no token, with a token of each role, and with tokens the services must refuse (signed by
 * another key, expired): the answers must match the roles the document states. New endpoints are
 * covered without editing this test.
 */
@Order(2)
class SecuritySweepTest {

    static final List<String> ROLES = List.of("agent", "supervisor", "admin", "integration");

    static RunningSuite suite;

    @BeforeAll
    static void start() {
        suite = RunningSuite.get();
    }

    /** A caller: a bearer token or none, and the role it holds (null for the refused ones). */
    record Caller(String name, String token, String role) {
    }

    @Test
    void everyApiOperationAnswersEveryRoleAsItsOpenApiDocumentStates() {
        List<Caller> callers = new ArrayList<>();
        callers.add(new Caller("no token", null, null));
        for (String role : ROLES) {
            callers.add(new Caller(role, suite.token(role), role));
        }
        String[] allRoles = ROLES.toArray(String[]::new);
        callers.add(new Caller("foreign key", LocalTokens.foreignToken("system-admin", allRoles), null));
        callers.add(new Caller("expired", suite.devstack.tokens().token("system-admin", Duration.ofMinutes(-10), allRoles),
                null));

        List<Operation> operations = OpenApi.ofSuite(suite).stream().flatMap(api -> api.operations().stream())
                .filter(op -> op.path().startsWith("/api/")).toList();
        Map<String, Long> perService = new TreeMap<>();
        operations.forEach(op -> perService.merge(op.service(), 1L, Long::sum));
        assertThat(perService).as("/api operations per service").containsOnlyKeys(
                suite.services.services().stream().map(s -> s.name()).toArray(String[]::new));

        List<String> undocumented = operations.stream().filter(op -> op.access().kind() == OpenApi.Access.Kind.UNDOCUMENTED)
                .map(Operation::label).toList();

        List<Call> calls = new ArrayList<>();
        List<Caller> callerOfCall = new ArrayList<>();
        List<Operation> operationOfCall = new ArrayList<>();
        for (Operation op : operations) {
            for (Caller caller : callers) {
                calls.add(call(op, caller));
                callerOfCall.add(caller);
                operationOfCall.add(op);
            }
        }
        long started = System.nanoTime();
        List<Outcome> outcomes = Exchanges.sendAll(calls, 8);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        List<String> violations = new ArrayList<>();
        Map<String, Map<String, String>> matrix = new LinkedHashMap<>();
        int allowedPairs = 0;
        int forbiddenPairs = 0;
        int refusedPairs = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            Caller caller = callerOfCall.get(i);
            Operation op = operationOfCall.get(i);
            matrix.computeIfAbsent(op.label() + "  [" + op.access() + "]", k -> new LinkedHashMap<>())
                    .put(caller.name(), String.valueOf(outcome.status()));
            String expected;
            boolean ok;
            if (caller.role() == null) {
                refusedPairs++;
                expected = "401";
                ok = outcome.status() == 401;
            } else if (op.access().allows(caller.role())) {
                allowedPairs++;
                expected = "neither 401/403 nor 5xx";
                ok = outcome.status() > 0 && outcome.status() != 401 && outcome.status() != 403 && outcome.status() < 500;
            } else {
                forbiddenPairs++;
                expected = "403";
                ok = outcome.status() == 403;
            }
            if (!ok) {
                violations.add(String.format("%s as %s: expected %s, got %s", op.label(), caller.name(), expected,
                        outcome.describe()));
            }
        }

        StringBuilder table = new StringBuilder();
        table.append(String.format("%-70s", "operation [documented roles]"));
        callers.forEach(c -> table.append(String.format(" %11s", c.name())));
        table.append('\n');
        matrix.forEach((op, row) -> {
            table.append(String.format("%-70s", op));
            callers.forEach(c -> table.append(String.format(" %11s", row.get(c.name()))));
            table.append('\n');
        });
        System.out.printf("security sweep: %d /api operations (%s) x %d callers = %d requests in %d ms;"
                + " allowed pairs %d, forbidden pairs %d, refused tokens %d; violations %d, undocumented %d%n%s",
                operations.size(), perService, callers.size(), calls.size(), millis, allowedPairs, forbiddenPairs,
                refusedPairs, violations.size(), undocumented.size(), table);
        violations.forEach(v -> System.out.println("  VIOLATION " + v));

        assertThat(undocumented).as("operations whose OpenAPI document states no security requirement").isEmpty();
        assertThat(violations).as("answers that do not match the documented role matrix").isEmpty();
    }

    private static Call call(Operation op, Caller caller) {
        String url = SweepValues.url(op, SweepValues.plausiblePathValues(op), Map.of());
        Map<String, String> headers = new LinkedHashMap<>();
        if (caller.token() != null) {
            headers.put("Authorization", "Bearer " + caller.token());
        }
        byte[] body = null;
        if (!op.bodyTypes().isEmpty()) {
            headers.put("Content-Type", op.hasJsonBody() ? "application/json" : op.bodyTypes().get(0));
            body = "{}".getBytes(StandardCharsets.UTF_8);
        }
        return new Call(op.label(), op.method(), url, headers, body, null);
    }
}
