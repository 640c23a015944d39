package io.twotower.recsys.cli;

/** A command-line mistake found after parsing (e.g. two flags that do not go together): exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
