package io.outpost.contracts;

/** CloudEvents {@code source} attribute values: the service that produced the event. */
public final class EventSources {

    public static final String INGEST = "/outpost/ingest-service";
    public static final String CASE = "/outpost/case-service";
    public static final String ROUTING = "/outpost/routing-service";
    public static final String SURVEY = "/outpost/survey-service";
    public static final String CRM_LINK = "/outpost/crm-link-service";

    private EventSources() {
    }
}
