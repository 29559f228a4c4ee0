package io.outpost.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.outpost.contracts.EventCatalog;
import io.outpost.contracts.EventJson;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Checks a record a service published against the event contract: CloudEvents headers, topic, JSON Schema. */
public final class ContractCheck {

    private static final ObjectMapper MAPPER = EventJson.newMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private ContractCheck() {
    }

    /** Throws an {@link AssertionError} naming every violation. */
    public static void assertConforms(ConsumerRecord<String, String> record) {
        String type = TestEvents.header(record, "ce_type").orElseThrow(() -> new AssertionError("no ce_type header"));
        for (String header : new String[] { "ce_id", "ce_source", "ce_specversion", "ce_time" }) {
            TestEvents.header(record, header).orElseThrow(() -> new AssertionError("no " + header + " header on " + type));
        }
        EventCatalog.Entry entry = EventCatalog.byType(type).orElseThrow(() -> new AssertionError("unknown type " + type));
        if (!entry.topic().equals(record.topic())) {
            throw new AssertionError(type + " published to " + record.topic() + ", contract says " + entry.topic());
        }
        if (record.key() == null || record.key().isBlank()) {
            throw new AssertionError(type + " published without a key");
        }
        try (InputStream in = EventCatalog.class.getResourceAsStream(entry.schemaResource())) {
            JsonSchema schema = FACTORY.getSchema(in, CONFIG);
            JsonNode json = MAPPER.readTree(record.value());
            Set<ValidationMessage> errors = schema.validate(json);
            if (!errors.isEmpty()) {
                throw new AssertionError(type + " violates its schema: "
                        + errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; ")));
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("unreadable " + type + ": " + record.value(), e);
        }
    }
}
