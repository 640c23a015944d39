package io.twotower.recsys.data;

import java.util.Locale;

/** How a raw feature column is turned into model inputs. */
public enum ColumnKind {
    /** Numbers (empty cells allowed, imputed): standardised. */
    NUMERIC,
    /** One value per cell from a small vocabulary: one-hot. */
    CATEGORICAL,
    /** Several {@code '|'}-separated values per cell: multi-hot. */
    MULTI_VALUED,
    /** Nearly all-distinct strings: a display label, not a feature. */
    LABEL,
    /** Ignored. */
    DROPPED;

    /**
     * Parses the schema-file spelling: {@code numeric|categorical|multi|label|drop}.
     *
     * @return the kind, or null if the text is none of those
     */
    public static ColumnKind fromSchemaName(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "numeric" -> NUMERIC;
            case "categorical" -> CATEGORICAL;
            case "multi" -> MULTI_VALUED;
            case "label" -> LABEL;
            case "drop" -> DROPPED;
            default -> null;
        };
    }
}
