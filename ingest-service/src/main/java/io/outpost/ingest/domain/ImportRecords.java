package io.outpost.ingest.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an upload into records (lines) at the byte level, streaming: only the current record is
 * held, never the file. Working on bytes keeps each record's end offset exact, so a job can commit
 * "done up to byte N, physical line L" and resume by seeking there. UTF-8 is safe to split on
 * bytes: a newline or a quote byte never occurs inside a multi-byte character.
 *
 * <p>NDJSON: a record ends at {@code \n}. CSV (RFC 4180): a record ends at a {@code \n} outside a
 * quoted field; quoted fields may hold commas, doubled quotes and newlines. A trailing {@code \r}
 * is dropped (CRLF files). Blank records are skipped.
 */
public final class ImportRecords {

    /**
     * One record.
     *
     * @param line      the physical line (1-based) the record starts on
     * @param text      the record decoded as UTF-8; null when its bytes are not valid UTF-8
     * @param endOffset the byte offset right after the record (and its newline)
     * @param endLine   the physical lines consumed up to {@code endOffset}
     */
    public record Record(long line, String text, long endOffset, long endLine) {
    }

    /** A record longer than the limit: the file cannot be read on (for CSV, a quote never closed). */
    public static final class RecordTooLongException extends IOException {
        public RecordTooLongException(long line, long limit) {
            super("the record starting on line " + line + " is longer than " + limit
                    + " bytes (a CSV quote never closed?); the rest of the file cannot be read");
        }
    }

    private final InputStream in;
    private final boolean csv;
    private final int maxRecordBytes;
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkPos;
    private int chunkLen;
    private byte[] record = new byte[1024];
    private int recordLen;
    private long offset;
    private long line;

    /**
     * @param in          the file, positioned at {@code startOffset}
     * @param startOffset the byte offset {@code in} starts at
     * @param startLine   the physical lines before {@code startOffset}
     */
    public ImportRecords(InputStream in, long startOffset, long startLine, boolean csv, int maxRecordBytes) {
        this.in = in;
        this.offset = startOffset;
        this.line = startLine;
        this.csv = csv;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The next non-blank record, or null at the end of the file. */
    public Record next() throws IOException {
        while (true) {
            Record r = nextRaw();
            if (r == null || r.text() == null || !r.text().isBlank()) {
                return r;
            }
        }
    }

    private Record nextRaw() throws IOException {
        recordLen = 0;
        boolean quoted = false;
        boolean any = false;
        long startLine = line + 1;
        while (true) {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    if (!any) {
                        return null;
                    }
                    line++;
                    return finish(startLine);
                }
            }
            byte b = chunk[chunkPos++];
            offset++;
            any = true;
            if (b == '\n') {
                line++;
                if (!quoted) {
                    return finish(startLine);
                }
            } else if (csv && b == '"') {
                quoted = !quoted;
            }
            append(b, startLine);
        }
    }

    private void append(byte b, long startLine) throws RecordTooLongException {
        if (recordLen >= maxRecordBytes) {
            throw new RecordTooLongException(startLine, maxRecordBytes);
        }
        if (recordLen == record.length) {
            record = Arrays.copyOf(record, Math.min(maxRecordBytes, record.length * 2));
        }
        record[recordLen++] = b;
    }

    private Record finish(long startLine) {
        int len = recordLen;
        if (len > 0 && record[len - 1] == '\r') {
            len--;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(record, 0, len)).toString();
        } catch (CharacterCodingException e) {
            text = null;
        }
        if (text != null && startLine == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1); // a byte order mark
        }
        return new Record(startLine, text, offset, line);
    }
}
