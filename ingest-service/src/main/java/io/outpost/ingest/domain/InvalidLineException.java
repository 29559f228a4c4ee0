package io.outpost.ingest.domain;

/** One import line cannot become a post; the job rejects it with this reason and goes on. */
public class InvalidLineException extends RuntimeException {

    public InvalidLineException(String reason) {
        super(reason);
    }
}
