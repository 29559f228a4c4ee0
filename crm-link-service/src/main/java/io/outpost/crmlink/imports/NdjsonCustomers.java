package io.outpost.crmlink.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outpost.crmlink.domain.PersonAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * NDJSON customers: one JSON object per line, {@code {"id": ..., "givenName": ..., ...}} (the body
 * of {@code PUT /api/v1/customers/{id}} plus the id). Lines are read with a length cap, so one
 * runaway line costs at most {@code maxLineLength} characters of memory; a bad line is a rejection
 * and reading goes on.
 */
public final class NdjsonCustomers implements CustomerSource {

    private final Reader in;
    private final ObjectMapper json;
    private final int maxLineLength;
    private final StringBuilder line = new StringBuilder();
    private long lineNumber;

    public NdjsonCustomers(InputStream in, ObjectMapper json, int maxLineLength) {
        this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
        this.json = json;
        this.maxLineLength = maxLineLength;
    }

    @Override
    public CustomerRecord next() throws IOException {
        while (true) {
            line.setLength(0);
            boolean tooLong = false;
            int c;
            boolean any = false;
            while ((c = in.read()) != -1 && c != '\n') {
                any = true;
                if (line.length() < maxLineLength) {
                    line.append((char) c);
                } else {
                    tooLong = true;
                }
            }
            if (c == -1 && !any) {
                return null;
            }
            lineNumber++;
            if (tooLong) {
                return CustomerRecord.unreadable(lineNumber, "line longer than " + maxLineLength + " characters");
            }
            String text = line.toString().strip();
            if (text.isEmpty()) {
                continue;
            }
            return parse(text);
        }
    }

    private CustomerRecord parse(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return CustomerRecord.unreadable(lineNumber, "not JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            return CustomerRecord.unreadable(lineNumber, "not a JSON object");
        }
        JsonNode id = object.remove("id");
        if (id == null || !id.isTextual()) {
            return CustomerRecord.unreadable(lineNumber, "id is required (a string)");
        }
        try {
            return new CustomerRecord(lineNumber, id.asText(), json.treeToValue(object, PersonAttributes.class), null);
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return CustomerRecord.unreadable(lineNumber, "unreadable attributes: " + why);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
