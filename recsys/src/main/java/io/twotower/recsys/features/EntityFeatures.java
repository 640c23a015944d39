package io.twotower.recsys.features;

import io.twotower.recsys.data.DataException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fitted features of one side (users or items): the encoders in column order, and the
 * precomputed feature matrix of every known entity, stored row-major as
 * {@code matrix[entity * width + column]}.
 */
final class EntityFeatures {

    private final String entity; // "user" or "item", for messages
    private final List<FeatureEncoder> encoders;
    private final Set<String> ignoredKeys; // accepted raw keys that are not features (labels, dropped)
    private final List<String> names;
    private final int width;
    private final int count;
    private final float[] matrix;

    private EntityFeatures(String entity, List<FeatureEncoder> encoders, Set<String> ignoredKeys, int count, float[] matrix) {
        this.entity = entity;
        this.encoders = List.copyOf(encoders);
        this.ignoredKeys = Collections.unmodifiableSet(new LinkedHashSet<>(ignoredKeys));
        List<String> names = new ArrayList<>();
        for (FeatureEncoder e : encoders) {
            names.addAll(e.outputNames());
        }
        Set<String> unique = new LinkedHashSet<>(names);
        if (unique.size() != names.size()) {
            throw new IllegalArgumentException(entity + " feature names collide: " + names);
        }
        this.names = List.copyOf(names);
        this.width = names.size();
        this.count = count;
        this.matrix = matrix;
    }

    /** Encodes every entity's raw values (index = entity) into the matrix. */
    static EntityFeatures build(String entity, List<FeatureEncoder> encoders, Set<String> ignoredKeys,
                                List<Map<String, String>> rawPerEntity) {
        int width = encoders.stream().mapToInt(FeatureEncoder::width).sum();
        float[] matrix = new float[rawPerEntity.size() * width];
        for (int e = 0; e < rawPerEntity.size(); e++) {
            encodeInto(encoders, rawPerEntity.get(e), matrix, e * width, entity + " " + e);
        }
        return new EntityFeatures(entity, encoders, ignoredKeys, rawPerEntity.size(), matrix);
    }

    int width() {
        return width;
    }

    int count() {
        return count;
    }

    List<String> names() {
        return names;
    }

    List<FeatureEncoder> encoders() {
        return encoders;
    }

    /** The raw keys a cold-start map may hold, in column order. */
    List<String> acceptedKeys() {
        Set<String> keys = new LinkedHashSet<>();
        for (FeatureEncoder e : encoders) {
            keys.add(e.key());
        }
        keys.addAll(ignoredKeys);
        return List.copyOf(keys);
    }

    /** A copy of one entity's features. */
    float[] row(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException(entity + " index " + index + " outside 0.." + (count - 1));
        }
        return Arrays.copyOfRange(matrix, index * width, (index + 1) * width);
    }

    /** A copy of the whole matrix, count x width row-major. */
    float[] matrix() {
        return matrix.clone();
    }

    /**
     * Encodes the raw values of an entity the data has not seen.
     *
     * @throws DataException naming an unknown key or a malformed value
     */
    float[] encodeNew(Map<String, String> raw) {
        String source = "new " + entity;
        List<String> accepted = acceptedKeys();
        for (String key : raw.keySet()) {
            if (!accepted.contains(key)) {
                throw new DataException(source, -1, DataException.printable(key), "unknown key '"
                        + DataException.printable(key) + "', expected one of " + accepted);
            }
        }
        float[] out = new float[width];
        encodeInto(encoders, raw, out, 0, source);
        return out;
    }

    /** Each encoder writes its columns after the previous encoder's. */
    private static void encodeInto(List<FeatureEncoder> encoders, Map<String, String> raw, float[] out, int offset,
                                   String source) {
        for (FeatureEncoder e : encoders) {
            e.encode(raw, out, offset, source);
            offset += e.width();
        }
    }

    void writeTo(DataOutputStream out) throws IOException {
        StringEncoding.UTF8.write(out, entity);
        out.writeInt(encoders.size());
        for (FeatureEncoder e : encoders) {
            e.writeTo(out);
        }
        StringEncoding.UTF8.writeAll(out, List.copyOf(ignoredKeys));
        out.writeInt(count);
        out.writeInt(width);
        for (float v : matrix) {
            out.writeFloat(v);
        }
    }

    /** Reads what {@link #writeTo} wrote, or an earlier version did with strings in the given encoding. */
    static EntityFeatures readFrom(DataInputStream in, StringEncoding strings) throws IOException {
        String entity = strings.read(in);
        int n = in.readInt();
        List<FeatureEncoder> encoders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            encoders.add(FeatureEncoder.readFrom(in, strings));
        }
        Set<String> ignored = new LinkedHashSet<>(strings.readAll(in));
        int count = in.readInt();
        int width = in.readInt();
        float[] matrix = new float[Math.multiplyExact(count, width)];
        for (int k = 0; k < matrix.length; k++) {
            matrix[k] = in.readFloat();
        }
        EntityFeatures features = new EntityFeatures(entity, encoders, ignored, count, matrix);
        if (features.width != width) {
            throw new IOException(entity + " features: stored width " + width + " but encoders give " + features.width);
        }
        return features;
    }
}
