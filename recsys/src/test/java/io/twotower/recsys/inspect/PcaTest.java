package io.twotower.recsys.inspect;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PcaTest {

    /**
     * Points on the line y = 2x: (-1, -2), (0, 0), (1, 2), (2, 4). Mean (0.5, 1). The only direction
     * with variance is (1, 2)/√5 (sign: the larger entry positive). Coordinates (x − 0.5)·√5:
     * -1.5√5, -0.5√5, 0.5√5, 1.5√5; variance 5·(2.25 + 0.25 + 0.25 + 2.25)/3 = 25/3; it explains
     * all the variance, and the second direction, (-2, 1)/√5 up to sign, none.
     */
    @Test
    void pointsOnALine() {
        float[] points = {-1, -2, 0, 0, 1, 2, 2, 4};
        Pca pca = Pca.fit(points, 4, 2, 2);
        double[] d0 = pca.direction(0);
        assertEquals(1 / Math.sqrt(5), d0[0], 1e-12);
        assertEquals(2 / Math.sqrt(5), d0[1], 1e-12);
        assertEquals(25.0 / 3, pca.variance(0), 1e-9);
        assertEquals(1.0, pca.explainedRatio(0), 1e-12);
        assertEquals(0.0, pca.variance(1), 1e-9);
        assertEquals(0.0, pca.direction(1)[0] * d0[0] + pca.direction(1)[1] * d0[1], 1e-12);
        double[] xy = pca.project(points, 4);
        double r5 = Math.sqrt(5);
        double[] expectedFirst = {-1.5 * r5, -0.5 * r5, 0.5 * r5, 1.5 * r5};
        for (int i = 0; i < 4; i++) {
            assertEquals(expectedFirst[i], xy[2 * i], 1e-6);
            assertEquals(0.0, xy[2 * i + 1], 1e-6);
        }
    }

    /**
     * Against EJML's symmetric eigen decomposition of the covariance C = XcᵀXc / (n − 1) of random
     * data with distinct spreads per axis, mixed by a rotation: the variances must equal the largest
     * eigenvalues and each direction must be ± the eigenvector (|cosine| = 1).
     */
    @Test
    void matchesTheEigenDecompositionOfTheCovariance() {
        int n = 200, d = 6, k = 3;
        Random random = new Random(7);
        double[] spread = {5, 3, 2, 1, 0.5, 0.1};
        float[] points = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) points[i * d + j] = (float) (spread[j] * random.nextGaussian() + j);
            // Mix axes 0 and 1 by 30 degrees so the directions are not the coordinate axes.
            float a = points[i * d], b = points[i * d + 1];
            points[i * d] = (float) (Math.cos(0.5) * a - Math.sin(0.5) * b);
            points[i * d + 1] = (float) (Math.sin(0.5) * a + Math.cos(0.5) * b);
        }
        Pca pca = Pca.fit(points, n, d, k);

        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) mean[j] += points[i * d + j] / (double) n;
        DMatrixRMaj xc = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) xc.set(i, j, points[i * d + j] - mean[j]);
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(xc, xc, cov);
        CommonOps_DDRM.scale(1.0 / (n - 1), cov);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        eig.decompose(cov);
        Integer[] order = new Integer[d];
        for (int j = 0; j < d; j++) order[j] = j;
        Arrays.sort(order, Comparator.comparingDouble(j -> -eig.getEigenvalue(j).real));

        double maxValueError = 0, maxDirectionError = 0;
        for (int c = 0; c < k; c++) {
            double lambda = eig.getEigenvalue(order[c]).real;
            DMatrixRMaj vector = eig.getEigenVector(order[c]);
            double norm = Math.sqrt(CommonOps_DDRM.dot(vector, vector)), cosine = 0;
            double[] direction = pca.direction(c);
            for (int j = 0; j < d; j++) cosine += direction[j] * vector.get(j) / norm;
            maxValueError = Math.max(maxValueError, Math.abs(pca.variance(c) - lambda) / lambda);
            maxDirectionError = Math.max(maxDirectionError, 1 - Math.abs(cosine));
        }
        assertEquals(0, maxValueError, 1e-9, "max relative eigenvalue error");
        assertEquals(0, maxDirectionError, 1e-9, "max 1 - |cos(direction, eigenvector)|");
    }

    /** The projected coordinates have mean 0 and variance σ_k²/(n − 1) along each component. */
    @Test
    void projectionsHaveTheComponentVariances() {
        int n = 100, d = 4;
        Random random = new Random(11);
        float[] points = new float[n * d];
        for (int i = 0; i < points.length; i++) points[i] = (float) (random.nextGaussian() * (1 + i % d));
        Pca pca = Pca.fit(points, n, d, 2);
        double[] xy = pca.project(points, n);
        for (int c = 0; c < 2; c++) {
            double sum = 0, sumSquares = 0;
            for (int i = 0; i < n; i++) {
                sum += xy[2 * i + c];
                sumSquares += xy[2 * i + c] * xy[2 * i + c];
            }
            assertEquals(0, sum / n, 1e-5);
            assertEquals(pca.variance(c), sumSquares / (n - 1), 1e-4 * pca.variance(c));
        }
    }

    @Test
    void rejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new float[] {1, 2}, 1, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new float[5], 2, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new float[6], 2, 3, 3));
    }
}
