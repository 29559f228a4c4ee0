package io.outpost.console.web;

/**
 * The services' names as the pages say them when one is down or refuses ({@link Outcome#of}); one place, so every
 * page names a service the same way.
 */
final class ServiceNames {

    static final String CASES = "case-service";
    static final String ROUTING = "routing-service";
    static final String CRM = "crm-link-service";

    private ServiceNames() {
    }
}
