package io.outpost.crmlink.imports;

import java.io.Closeable;
import java.io.IOException;

/**
 * Customers, one at a time, in a stable order: an uploaded file (CSV, NDJSON) or a live CRM
 * ({@link CrmConnector}). The importer holds one record and one batch, never the source.
 */
public interface CustomerSource extends Closeable {

    /** The next record, or null at the end. An IOException means the source itself broke: the job fails. */
    CustomerRecord next() throws IOException;
}
