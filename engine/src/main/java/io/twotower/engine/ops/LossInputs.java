package io.twotower.engine.ops;

import io.twotower.engine.Tensor;

/** Checks shared by the loss ops: matching shapes and finite values, with messages naming the row. */
final class LossInputs {
    private LossInputs() {}

    static void checkSameShape(String loss, Tensor prediction, Tensor target) {
        if (prediction.rows() != target.rows() || prediction.cols() != target.cols()) {
            throw new IllegalArgumentException(loss + ": prediction " + prediction.shapeString()
                    + " and target " + target.shapeString() + " differ in shape");
        }
    }

    /** Throws "mse: prediction is NaN at row 3" for the first non-finite value. O(size). */
    static void checkFinite(String loss, String role, Tensor t) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                String what = Float.isNaN(d[i]) ? "NaN" : "Inf";
                throw new IllegalArgumentException(loss + ": " + role + " is " + what + " at row " + (i / t.cols())
                        + (t.cols() > 1 ? ", column " + (i % t.cols()) : ""));
            }
        }
    }
}
