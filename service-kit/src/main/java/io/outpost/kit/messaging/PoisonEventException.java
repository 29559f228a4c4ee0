package io.outpost.kit.messaging;

/**
 * A record that can never be processed (unreadable, or against the contract). It goes to the
 * topic's dead-letter twin at once, without retries, so the flow continues past it.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
