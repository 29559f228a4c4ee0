package io.outpost.crmlink.imports;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.outpost.crmlink.domain.PersonAttributes;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CSV customers with a header row naming the columns: {@code id} (required) and any of
 * {@code givenName, familyName, emails, phones, accountNumbers, streetNumber, street, locality,
 * postcode, region, dateOfBirth}; list columns hold values separated by {@code ;}; an empty cell
 * is unknown. RFC 4180 quoting (a quoted field may hold commas, quotes and newlines) by Jackson's
 * CSV reader, which streams row by row.
 */
public final class CsvCustomers implements CustomerSource {

    /** The columns a header may name. */
    public static final Set<String> COLUMNS = Set.of("id", "givenName", "familyName", "emails", "phones",
            "accountNumbers", "streetNumber", "street", "locality", "postcode", "region", "dateOfBirth");
    private static final Set<String> LISTS = Set.of("emails", "phones", "accountNumbers");

    /** The header is not usable: the upload is refused before a job exists. */
    public static final class BadHeader extends IOException {
        public BadHeader(String message) {
            super(message);
        }
    }

    private final MappingIterator<Map<String, String>> rows;
    private final ObjectMapper json;

    /** Opens the file and checks its header. */
    public CsvCustomers(InputStream in, ObjectMapper json) throws IOException {
        this.json = json;
        CsvMapper csv = new CsvMapper();
        try {
            this.rows = csv.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader())
                    .readValues(new InputStreamReader(in, StandardCharsets.UTF_8));
            rows.hasNextValue(); // reads the header
        } catch (IOException | RuntimeException e) {
            throw new BadHeader("the CSV header is missing or unreadable: " + e.getMessage());
        }
        CsvSchema schema = (CsvSchema) rows.getParserSchema();
        List<String> names = new ArrayList<>();
        schema.forEach(c -> names.add(c.getName()));
        if (names.isEmpty()) {
            throw new BadHeader("the CSV is empty: a header row naming the columns is required");
        }
        if (!names.contains("id")) {
            throw new BadHeader("the CSV header must name an id column; got " + names);
        }
        List<String> unknown = names.stream().filter(n -> !COLUMNS.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new BadHeader("unknown CSV columns " + unknown + "; known: " + COLUMNS);
        }
    }

    @Override
    public CustomerRecord next() throws IOException {
        if (!rows.hasNextValue()) {
            return null;
        }
        long line = rows.getCurrentLocation().getLineNr();
        Map<String, String> row;
        try {
            row = rows.nextValue();
        } catch (RuntimeException e) {
            throw new IOException("line " + line + ": unreadable CSV: " + e.getMessage(), e);
        }
        return toRecord(line, row);
    }

    private CustomerRecord toRecord(long line, Map<String, String> row) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String id = null;
        for (Map.Entry<String, String> cell : row.entrySet()) {
            String value = cell.getValue() == null ? "" : cell.getValue().strip();
            if (value.isEmpty()) {
                continue;
            }
            if ("id".equals(cell.getKey())) {
                id = value;
            } else if (LISTS.contains(cell.getKey())) {
                fields.put(cell.getKey(), Arrays.stream(value.split(";")).map(String::strip).filter(v -> !v.isEmpty()).toList());
            } else {
                fields.put(cell.getKey(), value);
            }
        }
        if (id == null) {
            return CustomerRecord.unreadable(line, "id is empty");
        }
        Object dob = fields.get("dateOfBirth");
        if (dob != null) {
            try {
                LocalDate.parse((String) dob);
            } catch (DateTimeParseException e) {
                return CustomerRecord.unreadable(line, "dateOfBirth must be YYYY-MM-DD; got '" + dob + "'");
            }
        }
        return new CustomerRecord(line, id, json.convertValue(fields, PersonAttributes.class), null);
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
