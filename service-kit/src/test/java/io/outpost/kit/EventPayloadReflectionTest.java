package io.outpost.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.outpost.contracts.EventCatalog;
import io.outpost.kit.messaging.EventPayloadReflection;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A payload type missing from the native reflection list would fail only in a native executable: catch it here. */
class EventPayloadReflectionTest {

    @Test
    void everyCatalogPayloadAndItsNestedTypesAreRegistered() {
        List<Class<?>> registered = Arrays.asList(EventPayloadReflection.class.getAnnotation(RegisterForReflection.class).targets());
        for (EventCatalog.Entry entry : EventCatalog.ENTRIES) {
            assertThat(registered).as("payload of %s", entry.type()).contains(entry.payload());
            for (Class<?> nested : entry.payload().getDeclaredClasses()) {
                assertThat(registered).as("nested %s of %s", nested.getSimpleName(), entry.type()).contains(nested);
            }
        }
    }
}
