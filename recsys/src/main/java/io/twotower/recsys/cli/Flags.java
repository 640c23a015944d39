package io.twotower.recsys.cli;

import io.twotower.recsys.app.UsageException;

/** Parsing of flag values that picocli cannot check by type alone. */
final class Flags {
    private Flags() {}

    /** "256,128,32" -> {256, 128, 32}; a clear error naming the flag otherwise. */
    static int[] layerSizes(String flag, String value) {
        String[] parts = value.split(",");
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException(flag + ": expected comma-separated layer sizes like 256,128,32, got '" + value + "'");
            }
            if (sizes[i] < 1 || sizes[i] > 65_536) {
                throw new UsageException(flag + ": layer sizes must be between 1 and 65536, got " + sizes[i]);
            }
        }
        return sizes;
    }
}
