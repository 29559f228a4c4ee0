package io.outpost.crmlink.imports;

import java.io.IOException;

/**
 * A live CRM as a source of customers (Salesforce, Dynamics, HubSpot, an in-house system). A
 * connector turns the CRM's records into {@link CustomerRecord}s; checking, batching, progress,
 * rejections and resumption are the importer's, exactly as for a file. How to add one: README,
 * "Customer import and CRM connectors".
 */
public interface CrmConnector {

    /** A short name for jobs and logs, e.g. {@code salesforce}. */
    String name();

    /**
     * The customers changed since {@code cursor} (null: all), in a stable order, so that skipping
     * the first n records of the same cursor resumes an interrupted run.
     */
    CustomerSource changedSince(String cursor) throws IOException;
}
