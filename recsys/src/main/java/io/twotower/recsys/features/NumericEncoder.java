package io.twotower.recsys.features;

import io.twotower.recsys.data.Decimals;
import io.twotower.recsys.data.DataException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A standardised number: {@code z = (x - mean) / std}, with mean and population standard
 * deviation (divide by n) fitted on training entities, and std 0 replaced by 1.
 *
 * <p>A missing x is first looked up under the fallback key (if any), else replaced by the impute
 * value. With a missing flag, a second column {@code <key>_missing} is 1 for a missing x, else 0
 * (the flag is not standardised).
 */
final class NumericEncoder implements FeatureEncoder {

    static final byte TAG = 1;

    private final String key;
    private final String fallbackKey; // may be null
    private final double mean;
    private final double std;
    private final double impute;
    private final boolean missingFlag;

    NumericEncoder(String key, String fallbackKey, double mean, double std, double impute, boolean missingFlag) {
        this.key = key;
        this.fallbackKey = fallbackKey;
        this.mean = mean;
        this.std = std;
        this.impute = impute;
        this.missingFlag = missingFlag;
    }

    /**
     * Fits mean and std over the values present (directly or through the fallback) in the
     * training entities' raw values.
     *
     * @param impute      value for a missing x, or NaN to impute the fitted mean
     * @param fallbackKey key to read when {@code key} is missing, or null
     */
    static NumericEncoder fit(String key, String fallbackKey, double impute, boolean missingFlag,
                              List<Map<String, String>> training, String source) {
        double sum = 0;
        int n = 0;
        List<Double> values = new ArrayList<>();
        for (Map<String, String> raw : training) {
            String text = lookup(raw, key, fallbackKey);
            if (text != null) {
                double x = parse(text, source, key);
                values.add(x);
                sum += x;
                n++;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        double squares = 0;
        for (double x : values) {
            squares += (x - mean) * (x - mean);
        }
        double std = n == 0 ? 0 : Math.sqrt(squares / n);
        return new NumericEncoder(key, fallbackKey, mean, std == 0 ? 1 : std,
                Double.isNaN(impute) ? mean : impute, missingFlag);
    }

    @Override
    public String key() {
        return key;
    }

    /** The fallback key, or null. */
    String fallbackKey() {
        return fallbackKey;
    }

    double mean() {
        return mean;
    }

    double std() {
        return std;
    }

    double impute() {
        return impute;
    }

    @Override
    public List<String> outputNames() {
        return missingFlag ? List.of(key, key + "_missing") : List.of(key);
    }

    @Override
    public void encode(Map<String, String> raw, float[] out, int offset, String source) {
        String text = lookup(raw, key, fallbackKey);
        double x = text == null ? impute : parse(text, source, key);
        out[offset] = (float) ((x - mean) / std);
        if (missingFlag) {
            out[offset + 1] = FeatureEncoder.present(raw, key) == null ? 1f : 0f;
        }
    }

    private static String lookup(Map<String, String> raw, String key, String fallbackKey) {
        String text = FeatureEncoder.present(raw, key);
        if (text == null && fallbackKey != null) {
            text = FeatureEncoder.present(raw, fallbackKey);
        }
        return text;
    }

    private static double parse(String text, String source, String key) {
        double x;
        try {
            x = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new DataException(source, -1, DataException.printable(key), "expected a number, got '"
                    + DataException.printable(text) + "'");
        }
        if (!Double.isFinite(x)) {
            throw new DataException(source, -1, DataException.printable(key), "expected a finite number, got '"
                    + DataException.printable(text) + "'");
        }
        if (!Decimals.isPlainDecimal(text)) {   // the readers' rule: Java also takes "4f" and "0x1p3"
            throw new DataException(source, -1, DataException.printable(key), "expected a number, got '"
                    + DataException.printable(text) + "'");
        }
        return x;
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
        out.writeByte(TAG);
        StringEncoding.UTF8.write(out, key);
        out.writeBoolean(fallbackKey != null);
        if (fallbackKey != null) {
            StringEncoding.UTF8.write(out, fallbackKey);
        }
        out.writeDouble(mean);
        out.writeDouble(std);
        out.writeDouble(impute);
        out.writeBoolean(missingFlag);
    }

    static NumericEncoder read(DataInputStream in, StringEncoding strings) throws IOException {
        String key = strings.read(in);
        String fallbackKey = in.readBoolean() ? strings.read(in) : null;
        return new NumericEncoder(key, fallbackKey, in.readDouble(), in.readDouble(), in.readDouble(), in.readBoolean());
    }
}
