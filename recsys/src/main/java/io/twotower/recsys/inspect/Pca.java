package io.twotower.recsys.inspect;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Principal component analysis by the singular value decomposition of the centred data.
 *
 * <p>X is (n, d), one point per row; Xc = X − mean (column means). With Xc = U Σ Vᵀ (singular values
 * descending), the principal directions are the columns of V, the variance along direction k is
 * σ_k² / (n − 1) (the eigenvalues of the covariance XcᵀXc / (n − 1)), and the coordinates of the
 * points on the first k directions are Xc · V_k. The SVD avoids forming XcᵀXc, which squares the
 * condition number. Each direction's sign is fixed so that its largest-magnitude entry is positive,
 * so the same data always gives the same picture.
 */
public final class Pca {
    private final int dims;
    private final double[] mean;
    /** Principal directions as rows: directions[k * dims + j] is entry j of direction k. */
    private final double[] directions;
    private final double[] variances;
    private final double totalVariance;

    private Pca(int dims, double[] mean, double[] directions, double[] variances, double totalVariance) {
        this.dims = dims;
        this.mean = mean;
        this.directions = directions;
        this.variances = variances;
        this.totalVariance = totalVariance;
    }

    /**
     * Fits the first {@code components} principal directions of {@code n} points of dimension {@code d}
     * stored row-major in {@code points} ({@code points[i * d + j]}).
     */
    public static Pca fit(float[] points, int n, int d, int components) {
        if (n < 2) throw new IllegalArgumentException("PCA needs at least 2 points, got " + n);
        if (d < 1 || points.length != (long) n * d) {
            throw new IllegalArgumentException("PCA: " + points.length + " values are not " + n + " points of dimension " + d);
        }
        if (components < 1 || components > Math.min(n, d)) {
            throw new IllegalArgumentException("PCA: components must be in 1.." + Math.min(n, d) + ", got " + components);
        }
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += points[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        DMatrixRMaj centred = new DMatrixRMaj(n, d);
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = points[i * d + j] - mean[j];
                centred.set(i, j, v);
                total += v * v;
            }
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, d, false, true, true);
        if (!svd.decompose(centred)) throw new IllegalStateException("PCA: the SVD did not converge");
        DMatrixRMaj singular = svd.getW(null);
        DMatrixRMaj v = svd.getV(null, false); // (d, r): directions as columns
        SingularOps_DDRM.descendingOrder(null, false, singular, v, false);

        double[] directions = new double[components * d];
        double[] variances = new double[components];
        for (int k = 0; k < components; k++) {
            int largest = 0;
            for (int j = 1; j < d; j++) if (Math.abs(v.get(j, k)) > Math.abs(v.get(largest, k))) largest = j;
            double sign = v.get(largest, k) < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) directions[k * d + j] = sign * v.get(j, k);
            double sigma = singular.get(k, k);
            variances[k] = sigma * sigma / (n - 1);
        }
        return new Pca(d, mean, directions, variances, total / (n - 1));
    }

    public int components() { return variances.length; }

    /** Direction k (unit length, d entries). */
    public double[] direction(int k) {
        double[] out = new double[dims];
        System.arraycopy(directions, k * dims, out, 0, dims);
        return out;
    }

    /** Variance of the data along direction k: σ_k² / (n − 1). */
    public double variance(int k) { return variances[k]; }

    /** Share of the total variance along direction k. */
    public double explainedRatio(int k) { return totalVariance == 0 ? 0 : variances[k] / totalVariance; }

    /** Coordinates (n, components) row-major of points (n, d) on the directions: (x − mean) · V_k. */
    public double[] project(float[] points, int n) {
        int c = components();
        double[] out = new double[n * c];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                double s = 0;
                for (int j = 0; j < dims; j++) s += (points[i * dims + j] - mean[j]) * directions[k * dims + j];
                out[i * c + k] = s;
            }
        }
        return out;
    }
}
