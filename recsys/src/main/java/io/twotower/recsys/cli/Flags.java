package io.twotower.recsys.cli;

import io.twotower.recsys.app.UsageException;
import io.twotower.recsys.model.Catalog;

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

    /** A whole-number flag value within [min, max], or a usage error naming the flag. */
    static int inRange(String flag, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageException(flag + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** The index of a user id the model knows, or a usage error naming the flag and the known range. */
    static int userIndex(Catalog catalog, String id) {
        int u = catalog.userIndex(id);
        if (u < 0) {
            throw new UsageException("--user " + id + ": unknown user (the model knows " + catalog.numUsers()
                    + " users, ids " + catalog.userId(0) + " .. " + catalog.userId(catalog.numUsers() - 1) + ")");
        }
        return u;
    }

    /** The index of an item id the model knows, or a usage error naming the flag. */
    static int itemIndex(Catalog catalog, String id) {
        int i = catalog.itemIndex(id);
        if (i < 0) throw new UsageException("--item " + id + ": unknown item (the model knows " + catalog.numItems() + " items)");
        return i;
    }
}
