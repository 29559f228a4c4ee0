package io.outpost.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Collections;

/**
 * A running service's OpenAPI document ({@code /q/openapi?format=json}) read as the list of its
 * operations, so the sweeps cover every endpoint a service has today without naming any. The
 * roles of an operation are the scopes of its security requirements: service-kit turns on
 * {@code quarkus.smallrye-openapi.auto-add-security-requirement}, which writes each
 * {@code @RolesAllowed} into the document.
 */
final class OpenApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** Who may call an operation, as the document states it. */
    record Access(Kind kind, Set<String> roles) {
        enum Kind {
            /** An empty requirement ({@code {}}), e.g. the webhooks that authenticate by signature. */
            PUBLIC,
            /** A requirement without scopes: any authenticated caller. */
            AUTHENTICATED,
            /** The scopes of the requirements: these roles only. */
            ROLES,
            /** The document states nothing: a gap in the documented role matrix. */
            UNDOCUMENTED
        }

        boolean allows(String role) {
            return switch (kind) {
                case PUBLIC, AUTHENTICATED -> true;
                case ROLES -> roles.contains(role);
                case UNDOCUMENTED -> false;
            };
        }

        @Override
        public String toString() {
            return kind == Kind.ROLES ? String.join(",", roles) : kind.name().toLowerCase(Locale.ROOT);
        }
    }

    record Parameter(String name, String in, boolean required, JsonNode schema) {
    }

    /** One operation: a method on a path template of one service. */
    record Operation(OpenApi api, String method, String path, List<Parameter> parameters, List<String> bodyTypes,
            JsonNode bodySchema, Access access) {

        String service() {
            return api.service;
        }

        String label() {
            return method + " " + api.service + path;
        }

        List<Parameter> parameters(String in) {
            return parameters.stream().filter(p -> p.in().equals(in)).toList();
        }

        boolean hasJsonBody() {
            return bodyTypes.stream().anyMatch(t -> t.startsWith("application/json"));
        }
    }

    final String service;
    final String baseUrl;
    final JsonNode root;

    private OpenApi(String service, String baseUrl, JsonNode root) {
        this.service = service;
        this.baseUrl = baseUrl;
        this.root = root;
    }

    static OpenApi fetch(String service, String baseUrl) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/q/openapi?format=json")).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(service + " /q/openapi answered " + response.statusCode());
            }
            return new OpenApi(service, baseUrl, JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + service + "'s OpenAPI document", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every service's document, in start order. */
    static List<OpenApi> ofSuite(RunningSuite suite) {
        return suite.services.services().stream().map(s -> fetch(s.name(), s.url())).toList();
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        JsonNode paths = root.path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext();) {
            Map.Entry<String, JsonNode> pathEntry = p.next();
            JsonNode pathItem = pathEntry.getValue();
            List<Parameter> shared = parameters(pathItem.path("parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> m = pathItem.fields(); m.hasNext();) {
                Map.Entry<String, JsonNode> methodEntry = m.next();
                if (!METHODS.contains(methodEntry.getKey())) {
                    continue;
                }
                JsonNode op = methodEntry.getValue();
                List<Parameter> parameters = new ArrayList<>(shared);
                parameters.addAll(parameters(op.path("parameters")));
                List<String> bodyTypes = new ArrayList<>();
                JsonNode bodySchema = null;
                for (Iterator<Map.Entry<String, JsonNode>> c = op.path("requestBody").path("content").fields(); c.hasNext();) {
                    Map.Entry<String, JsonNode> content = c.next();
                    bodyTypes.add(content.getKey());
                    if (bodySchema == null || content.getKey().startsWith("application/json")) {
                        bodySchema = content.getValue().path("schema");
                    }
                }
                JsonNode security = op.has("security") ? op.get("security") : root.get("security");
                operations.add(new Operation(this, methodEntry.getKey().toUpperCase(Locale.ROOT), pathEntry.getKey(),
                        List.copyOf(parameters), List.copyOf(bodyTypes), bodySchema, access(security)));
            }
        }
        return operations;
    }

    private List<Parameter> parameters(JsonNode list) {
        List<Parameter> parameters = new ArrayList<>();
        for (JsonNode p : list) {
            JsonNode resolved = resolve(p);
            parameters.add(new Parameter(resolved.path("name").asText(), resolved.path("in").asText(),
                    resolved.path("required").asBoolean(false), resolve(resolved.path("schema"))));
        }
        return parameters;
    }

    static Access access(JsonNode security) {
        if (security == null || !security.isArray() || security.isEmpty()) {
            return new Access(Access.Kind.UNDOCUMENTED, Set.of());
        }
        Set<String> roles = new LinkedHashSet<>();
        boolean anyAuthenticated = false;
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                return new Access(Access.Kind.PUBLIC, Set.of());
            }
            for (JsonNode scopes : requirement) {
                if (scopes.isEmpty()) {
                    anyAuthenticated = true;
                }
                scopes.forEach(scope -> roles.add(scope.asText()));
            }
        }
        return anyAuthenticated ? new Access(Access.Kind.AUTHENTICATED, Set.of())
                : new Access(Access.Kind.ROLES, Collections.unmodifiableSet(new TreeSet<>(roles)));
    }

    /**
     * A schema with its {@code $ref} followed and the referring node's own keywords (examples,
     * description, limits) laid over the target, as smallrye writes them side by side; allOf merged.
     */
    JsonNode resolve(JsonNode schema) {
        if (schema == null || schema.isMissingNode() || !schema.isObject()) {
            return JSON.createObjectNode();
        }
        JsonNode current = schema;
        int hops = 0;
        while (current.has("$ref") && hops++ < 20) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                break;
            }
            JsonNode target = root.at(ref.substring(1));
            ObjectNode merged = target.isObject() ? ((ObjectNode) target).deepCopy() : JSON.createObjectNode();
            current.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("$ref")) {
                    merged.set(e.getKey(), e.getValue());
                }
            });
            if (target.has("$ref") && !current.equals(target)) {
                merged.set("$ref", target.get("$ref"));
            }
            current = merged;
        }
        if (current.has("allOf")) {
            ObjectNode merged = ((ObjectNode) current).deepCopy();
            merged.remove("allOf");
            ObjectNode properties = merged.has("properties") ? (ObjectNode) merged.get("properties") : JSON.createObjectNode();
            for (JsonNode part : current.get("allOf")) {
                JsonNode resolved = resolve(part);
                resolved.path("properties").fields().forEachRemaining(e -> properties.set(e.getKey(), e.getValue()));
                if (!merged.has("type") && resolved.has("type")) {
                    merged.set("type", resolved.get("type"));
                }
            }
            merged.set("properties", properties);
            current = merged;
        }
        return current;
    }
}
