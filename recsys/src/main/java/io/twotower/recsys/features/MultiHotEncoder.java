package io.twotower.recsys.features;

import io.twotower.recsys.data.DataException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Multi-hot of a {@code '|'}-separated list of values: one column {@code <key>=<value>} per
 * vocabulary value (sorted), 1 for each value the cell lists. With an other slot, values outside
 * the vocabulary set a {@code <key>=<other>} column; without one (MovieLens genres, whose
 * vocabulary is every genre in movies.csv) they are an error. Blank pieces are ignored.
 */
final class MultiHotEncoder implements FeatureEncoder {

    static final byte TAG = 3;

    private final String key;
    private final List<String> vocabulary;
    private final boolean otherSlot;
    private final Map<String, Integer> slots;

    MultiHotEncoder(String key, Collection<String> vocabulary, boolean otherSlot) {
        this.key = key;
        this.vocabulary = List.copyOf(vocabulary);
        this.otherSlot = otherSlot;
        this.slots = slots(this.vocabulary);
    }

    /** Value -> its column within the encoder's block. */
    static Map<String, Integer> slots(List<String> vocabulary) {
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
            slots.put(vocabulary.get(i), i);
        }
        return slots;
    }

    /** Vocabulary = sorted distinct values listed by the training entities; with an other slot. */
    static MultiHotEncoder fit(String key, List<Map<String, String>> training) {
        TreeSet<String> values = new TreeSet<>();
        for (Map<String, String> raw : training) {
            String text = FeatureEncoder.present(raw, key);
            if (text != null) {
                values.addAll(split(text));
            }
        }
        return new MultiHotEncoder(key, values, true);
    }

    /** The non-blank, trimmed pieces of a {@code '|'}-separated cell. */
    static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        for (String piece : text.split("\\|")) {
            if (!piece.isBlank()) {
                pieces.add(piece.trim());
            }
        }
        return pieces;
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
        if (otherSlot) {
            names.add(key + "=" + OneHotEncoder.OTHER);
        }
        return names;
    }

    @Override
    public void encode(Map<String, String> raw, float[] out, int offset, String source) {
        Arrays.fill(out, offset, offset + width(), 0f);
        String text = FeatureEncoder.present(raw, key);
        if (text == null) {
            return;
        }
        for (String value : split(text)) {
            Integer slot = slots.get(value);
            if (slot != null) {
                out[offset + slot] = 1f;
            } else if (otherSlot) {
                out[offset + vocabulary.size()] = 1f;
            } else {
                throw new DataException(source, -1, DataException.printable(key), "expected values from " + vocabulary
                        + ", got '" + DataException.printable(value) + "'");
            }
        }
    }

    @Override
    public void writeTo(DataOutputStream out) throws IOException {
        out.writeByte(TAG);
        StringEncoding.UTF8.write(out, key);
        StringEncoding.UTF8.writeAll(out, vocabulary);
        out.writeBoolean(otherSlot);
    }

    static MultiHotEncoder read(DataInputStream in, StringEncoding strings) throws IOException {
        String key = strings.read(in);
        List<String> vocabulary = strings.readAll(in);
        return new MultiHotEncoder(key, vocabulary, in.readBoolean());
    }
}
