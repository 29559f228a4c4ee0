package io.outpost.crmlink.domain;

/** The status of a consent. EXPIRED is never stored: it is a GRANTED consent past its expiry. */
public enum ConsentStatus {
    GRANTED, DENIED, REVOKED, EXPIRED
}
