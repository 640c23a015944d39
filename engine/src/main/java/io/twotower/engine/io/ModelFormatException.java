package io.twotower.engine.io;

import java.io.IOException;

/** A file that is not a readable model file: wrong magic, truncated, corrupted, or from a newer format. */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }
}
