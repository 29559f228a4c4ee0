package io.outpost.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.outpost.contracts.events.DeliveryReported;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.contracts.events.PostIngested;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event record against its JSON Schema, and every frozen sample of an older build against
 * today's schema and record: a change that would break a consumer of an existing event fails here
 * (publish a new versioned type instead).
 */
class EventSchemaTest {

    private static final ObjectMapper MAPPER = EventJson.newMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    static Stream<EventCatalog.Entry> entries() {
        return EventCatalog.ENTRIES.stream();
    }

    static JsonSchema schemaOf(EventCatalog.Entry entry) throws IOException {
        try (InputStream in = EventCatalog.class.getResourceAsStream(entry.schemaResource())) {
            assertThat(in).as("schema %s on the classpath", entry.schemaResource()).isNotNull();
            return FACTORY.getSchema(in, CONFIG);
        }
    }

    @ParameterizedTest
    @MethodSource("entries")
    void serializedRecordConformsToItsSchema(EventCatalog.Entry entry) throws IOException {
        Record sample = SampleEvents.BY_PAYLOAD.get(entry.payload());
        assertThat(sample).as("a sample for %s", entry.payload().getSimpleName()).isNotNull();

        JsonNode json = MAPPER.valueToTree(sample);
        Set<ValidationMessage> errors = schemaOf(entry).validate(json);

        assertThat(errors).as("%s against %s", json, entry.type()).isEmpty();
        assertThat(MAPPER.treeToValue(json, entry.payload())).isEqualTo(sample);
    }

    @ParameterizedTest
    @MethodSource("entries")
    void frozenSampleOfThePublishedVersionStillValidatesAndReads(EventCatalog.Entry entry) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/samples/" + entry.type() + ".json")) {
            assertThat(in).as("frozen sample for %s (add one when adding a type)", entry.type()).isNotNull();
            JsonNode frozen = MAPPER.readTree(in);

            assertThat(schemaOf(entry).validate(frozen)).as("frozen %s", entry.type()).isEmpty();
            Record read = MAPPER.treeToValue(frozen, entry.payload());
            // Reading and writing back must keep every field the old producer sent.
            assertThat((JsonNode) MAPPER.valueToTree(read)).isEqualTo(frozen);
        }
    }

    @ParameterizedTest
    @MethodSource("entries")
    void schemaRejectsAPayloadMissingARequiredField(EventCatalog.Entry entry) throws IOException {
        JsonSchema schema = schemaOf(entry);
        ObjectNode json = MAPPER.valueToTree(SampleEvents.BY_PAYLOAD.get(entry.payload()));
        Iterator<JsonNode> required = schema.getSchemaNode().get("required").elements();
        String firstRequired = required.next().asText();
        json.remove(firstRequired);

        assertThat(schema.validate(json)).as("without %s", firstRequired).isNotEmpty();
    }

    @Test
    void schemaRejectsUnknownPropertiesAndBadFormats() throws IOException {
        EventCatalog.Entry posts = EventCatalog.byType(EventTypes.POST_INGESTED).orElseThrow();
        ObjectNode json = MAPPER.valueToTree(SampleEvents.BY_PAYLOAD.get(posts.payload()));
        json.put("surprise", 1);
        assertThat(schemaOf(posts).validate(json)).isNotEmpty();

        json.remove("surprise");
        json.put("createdAt", "yesterday");
        assertThat(schemaOf(posts).validate(json)).isNotEmpty();
    }

    @Test
    void failedDeliveryNeedsAReason() throws IOException {
        EventCatalog.Entry delivery = EventCatalog.byType(EventTypes.DELIVERY_REPORTED).orElseThrow();
        DeliveryReported failedWithoutReason = new DeliveryReported(java.util.UUID.randomUUID(), null,
                Channel.X, DeliveryReported.Status.FAILED, null, null, java.time.Instant.now());

        assertThat(schemaOf(delivery).validate(MAPPER.valueToTree(failedWithoutReason))).isNotEmpty();
    }

    @Test
    void onlyAPublicPostMayGoWithoutARecipient() throws IOException {
        JsonSchema outbound = schemaOf(EventCatalog.byType(EventTypes.OUTBOUND_REQUESTED).orElseThrow());
        java.time.Instant now = java.time.Instant.parse("2026-11-22T10:00:00Z");
        OutboundRequested post = new OutboundRequested(java.util.UUID.randomUUID(), OutboundRequested.Kind.PUBLIC_POST, null,
                Channel.X, null, null, null, "We know about the outage and are on it.", now);
        OutboundRequested message = new OutboundRequested(java.util.UUID.randomUUID(), OutboundRequested.Kind.PRIVATE_MESSAGE,
                null, Channel.X, null, null, null, "Hello", now);

        assertThat(outbound.validate(MAPPER.valueToTree(post))).isEmpty();
        assertThat(outbound.validate(MAPPER.valueToTree(message))).isNotEmpty();
    }

    @Test
    void theLaneIsOptionalAndOnlyOrdinaryOrBulk() throws IOException {
        JsonSchema outbound = schemaOf(EventCatalog.byType(EventTypes.OUTBOUND_REQUESTED).orElseThrow());
        OutboundRequested ordinary = new OutboundRequested(java.util.UUID.randomUUID(), OutboundRequested.Kind.PUBLIC_REPLY,
                null, Channel.X, null, "115712", "119237", "Sorry to hear that!", java.time.Instant.parse("2026-11-22T10:00:00Z"));
        com.fasterxml.jackson.databind.node.ObjectNode bulk = MAPPER.valueToTree(ordinary.inBulkLane());
        com.fasterxml.jackson.databind.node.ObjectNode urgent = bulk.deepCopy().put("lane", "urgent");

        assertThat(MAPPER.valueToTree(ordinary).has("lane")).as("absent means ordinary").isFalse();
        assertThat(outbound.validate(MAPPER.valueToTree(ordinary))).isEmpty();
        assertThat(bulk.path("lane").asText()).isEqualTo("bulk");
        assertThat(outbound.validate(bulk)).isEmpty();
        assertThat(outbound.validate(urgent)).isNotEmpty();
        assertThat(ordinary.laneOrOrdinary()).isEqualTo(OutboundRequested.Lane.ORDINARY);
        assertThat(MAPPER.treeToValue(bulk, OutboundRequested.class).lane()).isEqualTo(OutboundRequested.Lane.BULK);
    }

    @Test
    void ourAccountIsOptionalOnPostsAndCasesAndNeverEmpty() throws IOException {
        JsonSchema posts = schemaOf(EventCatalog.byType(EventTypes.POST_INGESTED).orElseThrow());
        PostIngested post = new PostIngested(java.util.UUID.randomUUID(), Channel.X, "119237", "119236",
                new PostIngested.Author("115712", "sprintcare_fan", "Dana"), "@AmazonHelp my order never arrived",
                java.time.Instant.parse("2026-11-22T10:00:00Z"), java.time.Instant.parse("2026-11-22T10:00:01Z"), null,
                io.outpost.contracts.Visibility.PUBLIC, false);

        assertThat(MAPPER.valueToTree(post).has("accountId")).as("absent when the delivery did not name it").isFalse();
        assertThat(posts.validate(MAPPER.valueToTree(post))).isEmpty();
        assertThat(posts.validate(MAPPER.valueToTree(post.toAccount("85741735")))).isEmpty();
        assertThat(posts.validate(MAPPER.valueToTree(post.toAccount("")))).isNotEmpty();
        assertThat(MAPPER.treeToValue(MAPPER.valueToTree(post.toAccount("85741735")), PostIngested.class).accountId())
                .isEqualTo("85741735");
    }

    @Test
    void everyTypeHasAUniqueNameAndAKnownTopic() {
        assertThat(EventCatalog.ENTRIES).extracting(EventCatalog.Entry::type).doesNotHaveDuplicates();
        assertThat(EventCatalog.ENTRIES).allSatisfy(e -> {
            assertThat(java.util.stream.Stream.concat(Topics.ALL.stream(), Topics.CONSOLE.stream())).contains(e.topic());
            assertThat(e.type()).matches("io\\.outpost\\.[a-z-]+\\.[a-z-]+\\.v[0-9]+");
        });
    }

    @Test
    void anOfferHasACountdownExactlyWhenItIsNotAutoAccepted() throws IOException {
        JsonSchema made = schemaOf(EventCatalog.byType(EventTypes.OFFER_MADE).orElseThrow());
        java.time.Instant now = java.time.Instant.parse("2026-12-07T10:00:00Z");
        java.util.UUID id = java.util.UUID.randomUUID();
        io.outpost.contracts.events.OfferMade offer = new io.outpost.contracts.events.OfferMade(id, id, id, "jkim", Channel.X, 2,
                "default", java.util.List.of(), null, null, now, now.plusSeconds(60), false);
        io.outpost.contracts.events.OfferMade auto = new io.outpost.contracts.events.OfferMade(id, id, id, "jkim", Channel.X, 2,
                "default", java.util.List.of(), null, null, now, null, true);

        assertThat(made.validate(MAPPER.valueToTree(offer))).isEmpty();
        assertThat(made.validate(MAPPER.valueToTree(auto))).isEmpty();
        assertThat(made.validate(((ObjectNode) MAPPER.valueToTree(offer)).without("expiresAt"))).isNotEmpty();
        assertThat(made.validate(((ObjectNode) MAPPER.valueToTree(auto)).put("expiresAt", "2026-12-07T10:01:00Z"))).isNotEmpty();
    }

    @Test
    void aDeclineReasonIsShort() throws IOException {
        JsonSchema ended = schemaOf(EventCatalog.byType(EventTypes.OFFER_ENDED).orElseThrow());
        java.util.UUID id = java.util.UUID.randomUUID();
        java.time.Instant now = java.time.Instant.parse("2026-12-07T10:00:00Z");
        io.outpost.contracts.events.OfferEnded ok = new io.outpost.contracts.events.OfferEnded(id, id, id, "jkim",
                io.outpost.contracts.events.OfferEnded.Outcome.DECLINED, "x".repeat(io.outpost.contracts.events.OfferEnded.MAX_REASON), now);
        io.outpost.contracts.events.OfferEnded tooLong = new io.outpost.contracts.events.OfferEnded(id, id, id, "jkim",
                io.outpost.contracts.events.OfferEnded.Outcome.DECLINED, "x".repeat(io.outpost.contracts.events.OfferEnded.MAX_REASON + 1), now);

        assertThat(ended.validate(MAPPER.valueToTree(ok))).isEmpty();
        assertThat(ended.validate(MAPPER.valueToTree(tooLong))).isNotEmpty();
    }

    @Test
    void aPostAddedNamesAPostOrAReplyWithItsDeliveryNeverBoth() throws IOException {
        JsonSchema added = schemaOf(EventCatalog.byType(EventTypes.CASE_POST_ADDED).orElseThrow());
        java.util.UUID id = java.util.UUID.randomUUID();
        java.time.Instant now = java.time.Instant.parse("2026-12-07T10:00:00Z");
        var post = new io.outpost.contracts.events.CasePostAdded(id, io.outpost.contracts.events.CasePostAdded.Kind.CUSTOMER_POST,
                id, null, Visibility.PUBLIC, null, now);
        var reply = new io.outpost.contracts.events.CasePostAdded(id, io.outpost.contracts.events.CasePostAdded.Kind.REPLY,
                null, id, Visibility.PUBLIC, "requested", now);

        assertThat(added.validate(MAPPER.valueToTree(post))).isEmpty();
        assertThat(added.validate(MAPPER.valueToTree(reply))).isEmpty();
        assertThat(added.validate(((ObjectNode) MAPPER.valueToTree(post)).put("delivery", "delivered"))).isNotEmpty();
        assertThat(added.validate(((ObjectNode) MAPPER.valueToTree(post)).put("text", "hello"))).as("no text").isNotEmpty();
        assertThat(added.validate(((ObjectNode) MAPPER.valueToTree(reply)).without("delivery"))).isNotEmpty();
        assertThat(added.validate(((ObjectNode) MAPPER.valueToTree(reply)).put("postId", id.toString()))).isNotEmpty();
    }
}
