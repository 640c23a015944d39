package io.twotower.recsys.features;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One-hot of a categorical value: one column {@code <key>=<value>} per vocabulary value (sorted),
 * plus a {@code <key>=<other>} column for values not in the vocabulary. A missing value is all
 * zeros. The vocabulary holds the values seen on training entities only.
 */
final class OneHotEncoder implements FeatureEncoder {

    static final byte TAG = 2;

    /** Name suffix of the slot for values outside the vocabulary. */
    static final String OTHER = "<other>";

    private final String key;
    private final List<String> vocabulary;
    private final Map<String, Integer> slots;

    OneHotEncoder(String key, List<String> vocabulary) {
        this.key = key;
        this.vocabulary = List.copyOf(vocabulary);
        this.slots = MultiHotEncoder.slots(this.vocabulary);
    }

    /** Vocabulary = sorted distinct values among the training entities. */
    static OneHotEncoder fit(String key, List<Map<String, String>> training) {
        TreeSet<String> values = new TreeSet<>();
        for (Map<String, String> raw : training) {
            String text = FeatureEncoder.present(raw, key);
            if (text != null) {
                values.add(text);
            }
        }
        return new OneHotEncoder(key, new ArrayList<>(values));
    }

    @Override
    public String key() {
        return key;
    }

    List<String> vocabulary() {
        return vocabulary;
    }

    @Override
    public List<String> outputNames() {
        List<String> names = new ArrayList<>();
        for (String value : vocabulary) {
            names.add(key + "=" + value);
        }
        names.add(key + "=" + OTHER);
        return names;
    }

    @Override
    public void encode(Map<String, String> raw, float[] out, int offset, String source) {
        Arrays.fill(out, offset, offset + width(), 0f);
        String text = FeatureEncoder.present(raw, key);
        if (text != null) {
            out[offset + slots.getOrDefault(text, vocabulary.size())] = 1f;
        }
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
        out.writeByte(TAG);
        StringEncoding.UTF8.write(out, key);
        StringEncoding.UTF8.writeAll(out, vocabulary);
    }

    static OneHotEncoder read(DataInputStream in, StringEncoding strings) throws IOException {
        String key = strings.read(in);
        return new OneHotEncoder(key, strings.readAll(in));
    }
}
