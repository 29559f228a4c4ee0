package io.outpost.crmlink.imports;

import io.outpost.crmlink.domain.PersonAttributes;

/**
 * One customer as read from a source, before it is checked: the CRM's id and the attributes, or
 * why the record could not be read at all.
 *
 * @param line    where it starts (a file's physical line, the header being line 1; a connector's
 *                running number)
 * @param id      the CRM's customer id (null when unreadable)
 * @param person  the attributes (null when unreadable)
 * @param problem why the record is unreadable, else null
 */
public record CustomerRecord(long line, String id, PersonAttributes person, String problem) {

    public static CustomerRecord unreadable(long line, String problem) {
        return new CustomerRecord(line, null, null, problem);
    }
}
