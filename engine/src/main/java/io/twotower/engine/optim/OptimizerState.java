package io.twotower.engine.optim;

import io.twotower.engine.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Helpers shared by the optimizers: parameter names, the iteration count as floats, checked loading. */
final class OptimizerState {
    private OptimizerState() {}

    static final String ITERATIONS = "iterations";

    /** The parameters' names, which key their state; rejects missing and duplicate names. */
    static String[] names(String optimizer, List<Tensor> params) {
        if (params.isEmpty()) throw new IllegalArgumentException(optimizer + ": no parameters to optimize");
        String[] names = new String[params.size()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.length; i++) {
            String name = params.get(i).name();
            if (name == null) throw new IllegalArgumentException(optimizer + ": parameter " + i + " " + params.get(i).shapeString() + " has no name");
            if (!seen.add(name)) throw new IllegalArgumentException(optimizer + ": two parameters are named " + name);
            names[i] = name;
        }
        return names;
    }

    /** A long as four 16-bit words in floats (each exact), least significant first. */
    static float[] encodeLong(long value) {
        float[] words = new float[4];
        for (int i = 0; i < 4; i++) words[i] = (float) ((value >>> (16 * i)) & 0xFFFF);
        return words;
    }

    static long decodeLong(float[] words) {
        long value = 0;
        for (int i = 0; i < 4; i++) value |= ((long) words[i] & 0xFFFF) << (16 * i);
        return value;
    }

    /** The buffer stored under key, checked to have the expected length. */
    static float[] require(String optimizer, Map<String, float[]> state, String key, int length) {
        float[] values = state.get(key);
        if (values == null) throw new IllegalArgumentException(optimizer + ": state has no entry " + key);
        if (values.length != length) {
            throw new IllegalArgumentException(optimizer + ": state entry " + key + " has " + values.length + " values, expected " + length);
        }
        return values;
    }
}
