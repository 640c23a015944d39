package io.twotower.recsys.data;

/**
 * The readers' rule for a number, for text that arrives by other ways than a CSV file (a feature value
 * typed after {@code --new-user}): plain decimals only, so that "1f", "0x1p3", "NaN" and "Infinity",
 * which {@link Double#parseDouble} would take, are refused in both places alike.
 */
public final class Decimals {
    private Decimals() {}

    /** True if the text (surrounding spaces aside) is a plain decimal number such as -1.5, 3 or 2.5e-3. */
    public static boolean isPlainDecimal(String text) {
        return CsvFile.isDecimal(text);
    }
}
