package io.twotower.engine.ops;

import io.twotower.engine.Tensor;

/**
 * Checks of the data entering a computation, shared by the ops: matching shapes, finite values, labels
 * in range, with messages naming the op, the row and the column. Ops run them on their data inputs (a
 * loss's prediction and target, a layer's input features), never on activations inside a network, so a
 * NaN fed in is reported where it enters instead of coming out as a NaN score.
 */
final class InputChecks {
    private InputChecks() {}

    static void checkSameShape(String op, Tensor prediction, Tensor target) {
        if (prediction.rows() != target.rows() || prediction.cols() != target.cols()) {
            throw new IllegalArgumentException(op + ": prediction " + prediction.shapeString()
                    + " and target " + target.shapeString() + " differ in shape");
        }
    }

    /** Throws "mse: prediction is NaN at row 3" for the first non-finite value. O(size). */
    static void checkFinite(String op, String role, Tensor t) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                String what = Float.isNaN(d[i]) ? "NaN" : "Inf";
                throw new IllegalArgumentException(op + ": " + role + " is " + what + " at " + position(t, i));
            }
        }
    }

    /** Throws "binary_crossentropy: target is 2.0 at row 3, expected a label in [0, 1]" for the first value outside. */
    static void checkLabels(String op, String role, Tensor t) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (!(d[i] >= 0f && d[i] <= 1f)) {
                throw new IllegalArgumentException(op + ": " + role + " is " + d[i] + " at " + position(t, i)
                        + ", expected a label in [0, 1]");
            }
        }
    }

    /** "row 3" or "row 3, column 5" for flat index i of t. */
    private static String position(Tensor t, int i) {
        return "row " + (i / t.cols()) + (t.cols() > 1 ? ", column " + (i % t.cols()) : "");
    }
}
