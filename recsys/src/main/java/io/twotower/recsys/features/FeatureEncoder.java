package io.twotower.recsys.features;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Turns one raw named value (a table cell or an interaction statistic, as text) into one or more
 * model input columns. Fitted once from training data, then a pure function of the raw value.
 *
 * <p>A raw value is "missing" when its key is absent or its text is blank.
 */
sealed interface FeatureEncoder permits NumericEncoder, OneHotEncoder, MultiHotEncoder {

    /** The raw key this encoder reads. */
    String key();

    /** Names of the output columns, {@link #width()} of them. */
    List<String> outputNames();

    default int width() {
        return outputNames().size();
    }

    /**
     * Writes {@link #width()} values into {@code out[offset..]}.
     *
     * @param source names the input in error messages (e.g. "new user")
     * @throws io.twotower.recsys.data.DataException if the raw value is malformed
     */
    void encode(Map<String, String> raw, float[] out, int offset, String source);

    void writeTo(DataOutputStream out) throws IOException;

    /**
     * Reads an encoder written by {@link #writeTo} (strings in {@link StringEncoding#UTF8}), or by an
     * earlier version with its strings in the given encoding.
     */
    static FeatureEncoder readFrom(DataInputStream in, StringEncoding strings) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NumericEncoder.TAG -> NumericEncoder.read(in, strings);
            case OneHotEncoder.TAG -> OneHotEncoder.read(in, strings);
            case MultiHotEncoder.TAG -> MultiHotEncoder.read(in, strings);
            default -> throw new IOException("unknown feature encoder tag " + tag);
        };
    }

    /** The raw text of {@code key}, or null when missing (absent or blank). */
    static String present(Map<String, String> raw, String key) {
        String text = raw.get(key);
        return text == null || text.isBlank() ? null : text.trim();
    }
}
