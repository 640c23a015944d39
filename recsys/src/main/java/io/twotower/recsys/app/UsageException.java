package io.twotower.recsys.app;

/**
 * A command-line or settings mistake found after parsing (a value out of range, two flags that do not
 * go together, an unknown user): the CLI prints the message alone and exits with code 2.
 */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
