package io.outpost.crmlink.domain;

/** A consent decision or link change the rules do not allow, with a reason a person can act on. */
public class ConsentRefused extends RuntimeException {

    public enum Kind {
        /** The input itself is wrong (e.g. an expiry before the grant): a 400. */
        INVALID,
        /** The decision does not fit the current state (e.g. revoking what was never granted): a 409. */
        CONFLICT,
        /** A link without the consent it needs: a 422. */
        NO_CONSENT
    }

    private final Kind kind;

    public ConsentRefused(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
