package io.twotower.engine;

import java.util.Arrays;

/**
 * A float32 tensor of rank 1 or 2, stored row-major in one {@code float[]}:
 * element (r, c) of a (rows, cols) tensor is {@code data[r * cols + c]}; a rank-1 tensor of length n
 * is treated as one row, (1, n).
 *
 * <p>A tensor that {@link #requiresGrad() requires a gradient} gets a gradient buffer of the same size,
 * allocated lazily (zero-filled) on the first call to {@link #grad()}. Gradients accumulate with
 * {@code +=}; {@link io.twotower.engine.autograd.Graph#zeroGrad()} clears them once per step.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;
    private float[] grad;
    private boolean requiresGrad;
    private String name;

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** A new tensor of the given shape (rank 1 or 2), filled with zeros. */
    public static Tensor zeros(int... shape) {
        int[] checked = checkShape("zeros", shape);
        return new Tensor(new float[product(checked)], checked);
    }

    /** Wraps {@code data} (no copy) as a tensor of the given shape; the length must equal the product of the shape. */
    public static Tensor of(float[] data, int... shape) {
        int[] checked = checkShape("of", shape);
        if (data == null) throw new IllegalArgumentException("of: data is null");
        if (data.length != product(checked)) {
            throw new IllegalArgumentException("of: " + data.length + " values do not fill shape " + shapeString(checked)
                    + " (needs " + product(checked) + ")");
        }
        return new Tensor(data, checked);
    }

    private static int[] checkShape(String op, int[] shape) {
        if (shape == null || shape.length < 1 || shape.length > 2) {
            throw new IllegalArgumentException(op + ": rank must be 1 or 2, got shape " + Arrays.toString(shape));
        }
        for (int d : shape) {
            if (d < 1) throw new IllegalArgumentException(op + ": dimensions must be positive, got " + shapeString(shape));
        }
        long size = 1;
        for (int d : shape) size *= d;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": shape " + shapeString(shape) + " has more than 2^31-1 elements");
        }
        return shape.clone();
    }

    private static int product(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    private static String shapeString(int[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) s.append(i == 0 ? "" : ", ").append(shape[i]);
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }

    public int rank() { return shape.length; }

    /** A copy of the shape. */
    public int[] shape() { return shape.clone(); }

    /** Number of rows: shape[0] for rank 2, 1 for rank 1. */
    public int rows() { return shape.length == 2 ? shape[0] : 1; }

    /** Number of columns: shape[1] for rank 2, the length for rank 1. */
    public int cols() { return shape[shape.length - 1]; }

    public int size() { return data.length; }

    /** The values themselves (not a copy): writes are visible to every op that reads this tensor. */
    public float[] data() { return data; }

    /** The gradient dL/dthis (not a copy), allocated zero-filled on first use. */
    public float[] grad() {
        if (grad == null) grad = new float[data.length];
        return grad;
    }

    /** True once a gradient buffer has been allocated. */
    public boolean hasGrad() { return grad != null; }

    public boolean requiresGrad() { return requiresGrad; }

    /** Marks this tensor as one whose gradient backward should compute; returns this. */
    public Tensor requiresGrad(boolean requiresGrad) {
        this.requiresGrad = requiresGrad;
        return this;
    }

    /** The name, or null if none was given. */
    public String name() { return name; }

    /** Sets the name (used in error messages, optimizer state keys and model files); returns this. */
    public Tensor named(String name) {
        this.name = name;
        return this;
    }

    /** Checked element access for rank 2 (rank 1: r must be 0). */
    public float get(int r, int c) { return data[index(r, c)]; }

    /** Checked flat access: data[i]. */
    public float get(int i) { return data[flatIndex(i)]; }

    public void set(int r, int c, float value) { data[index(r, c)] = value; }

    public void set(int i, float value) { data[flatIndex(i)] = value; }

    /** The single value of a size-1 tensor (a loss, say). */
    public float item() {
        if (data.length != 1) throw new IllegalArgumentException("item: tensor " + describe() + " has " + data.length + " values, not 1");
        return data[0];
    }

    /** The shape as text: "(256, 32)" for rank 2, "(32,)" for rank 1. */
    public String shapeString() { return shapeString(shape); }

    private int index(int r, int c) {
        if (r < 0 || r >= rows() || c < 0 || c >= cols()) {
            throw new IndexOutOfBoundsException("index (" + r + ", " + c + ") is outside " + describe());
        }
        return r * cols() + c;
    }

    private int flatIndex(int i) {
        if (i < 0 || i >= data.length) throw new IndexOutOfBoundsException("index " + i + " is outside " + describe());
        return i;
    }

    private String describe() { return (name == null ? "" : name + " ") + shapeString(); }

    @Override
    public String toString() {
        return "Tensor" + (name == null ? "" : " " + name) + " " + shapeString()
                + (data.length <= 8 ? " " + Arrays.toString(data) : "");
    }
}
