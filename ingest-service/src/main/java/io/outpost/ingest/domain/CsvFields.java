package io.outpost.ingest.domain;

import java.util.ArrayList;
import java.util.List;

/** The fields of one CSV record (RFC 4180), as {@link ImportRecords} splits them off the file. */
public final class CsvFields {

    private CsvFields() {
    }

    /**
     * Splits a record on commas. A field starting with {@code "} is quoted: it runs to the next
     * quote not doubled, may hold commas and newlines, and {@code ""} inside it is one quote.
     * Unquoted fields are taken as they are (a stray quote inside one is kept).
     *
     * @throws InvalidLineException when a quoted field is not closed, or text follows its closing quote
     */
    public static List<String> parse(String record) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = record.length();
        while (true) {
            field.setLength(0);
            if (i < n && record.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new InvalidLineException("a quoted field is not closed");
                    }
                    char c = record.charAt(i++);
                    if (c == '"') {
                        if (i < n && record.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < n && record.charAt(i) != ',') {
                    throw new InvalidLineException("text after the closing quote of field " + (fields.size() + 1));
                }
            } else {
                while (i < n && record.charAt(i) != ',') {
                    field.append(record.charAt(i++));
                }
            }
            fields.add(field.toString());
            if (i >= n) {
                return fields;
            }
            i++; // the comma
        }
    }
}
