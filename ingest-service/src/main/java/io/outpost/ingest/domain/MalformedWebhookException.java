package io.outpost.ingest.domain;

/** A signed webhook body that is not what the platform documents: the whole delivery is refused (400). */
public class MalformedWebhookException extends RuntimeException {

    public MalformedWebhookException(String detail) {
        super(detail);
    }
}
