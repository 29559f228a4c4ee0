package io.outpost.ingest.domain;

/** What an upload holds. */
public enum ImportFormat {
    /** One post per line, each the JSON of {@code POST /api/v1/posts}. */
    NDJSON("ndjson"),
    /** CSV with the columns of the twcs data set, as X posts. */
    CSV_TWCS("csv-twcs"),
    /** CSV whose header names the fields of {@code POST /api/v1/posts} ({@code author.platformUserId}, ...). */
    CSV_POSTS("csv-posts");

    private final String wireName;

    ImportFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean csv() {
        return this != NDJSON;
    }

    public static ImportFormat fromWire(String value) {
        for (ImportFormat f : values()) {
            if (f.wireName.equals(value)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown import format " + value);
    }
}
