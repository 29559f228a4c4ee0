package io.outpost.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The objects of one `helm template`, parsed into fabric8's typed model. Parsing fails on
 * a kind fabric8 does not know (a typo in apiVersion or kind would otherwise pass as a
 * GenericKubernetesResource) and on any field the typed model does not have.
 */
final class RenderedManifests {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = newSerialization();

    private final String yaml;
    private final List<HasMetadata> objects;

    private RenderedManifests(String yaml, List<HasMetadata> objects) {
        this.yaml = yaml;
        this.objects = objects;
    }

    private static KubernetesSerialization newSerialization() {
        KubernetesSerialization serialization = new KubernetesSerialization();
        // Strimzi's model is not on the classpath; a small typed KafkaTopic stands in for it.
        serialization.registerKubernetesResource(KafkaTopic.class);
        return serialization;
    }

    static RenderedManifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (isBlank(document)) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new AssertionError("not a Kubernetes object:\n" + document);
            }
            if (object instanceof GenericKubernetesResource) {
                throw new AssertionError("unknown apiVersion/kind " + object.getApiVersion() + "/" + object.getKind()
                        + " (no typed model):\n" + document);
            }
            List<String> unknown = UnknownFields.of(object);
            if (!unknown.isEmpty()) {
                throw new AssertionError(object.getKind() + " " + object.getMetadata().getName()
                        + " has fields its schema does not know: " + unknown + "\n" + document);
            }
            objects.add(object);
        }
        return new RenderedManifests(yaml, List.copyOf(objects));
    }

    /** True when a document holds only comments and white space. */
    private static boolean isBlank(String document) {
        return document.lines().map(String::strip).allMatch(line -> line.isEmpty() || line.startsWith("#"));
    }

    /** One object back as YAML (what the API server would receive). */
    static String asYaml(HasMetadata object) {
        return SERIALIZATION.asYaml(object);
    }

    String yaml() {
        return yaml;
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " named " + name + "; rendered: "
                        + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
    }
}
