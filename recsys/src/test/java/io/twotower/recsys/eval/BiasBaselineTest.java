package io.twotower.recsys.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

class BiasBaselineTest {

    // Ratings (user, item, r): (0, 0, 5), (0, 1, 3), (1, 0, 4). μ = 12 / 3 = 4. λ_i = λ_u = 1.
    // One pass, starting from b_u = 0:
    //   b_i0 = ((5 - 4) + (4 - 4)) / (1 + 2) = 1/3
    //   b_i1 = (3 - 4) / (1 + 1)             = -1/2
    //   b_u0 = ((5 - 4 - 1/3) + (3 - 4 + 1/2)) / (1 + 2) = (2/3 - 1/2) / 3 = 1/18
    //   b_u1 = (4 - 4 - 1/3) / (1 + 1)                    = -1/6
    private static final Interactions TINY = new Interactions(
            new int[] {0, 0, 1}, new int[] {0, 1, 0}, new float[] {5, 3, 4}, 2, 2);

    @Test
    void onePassMatchesTheHandComputation() {
        BiasBaseline model = BiasBaseline.fit(TINY, 1, 1, 1);
        assertEquals(4.0, model.globalMean(), 1e-12);
        assertEquals(1.0 / 3, model.itemBias(0), 1e-12);
        assertEquals(-0.5, model.itemBias(1), 1e-12);
        assertEquals(1.0 / 18, model.userBias(0), 1e-12);
        assertEquals(-1.0 / 6, model.userBias(1), 1e-12);
        // r̂(0, 0) = 4 + 1/18 + 1/3 = 4.388888...; r̂(1, 1) = 4 - 1/6 - 1/2 = 3.333333...
        assertEquals(4.3888888f, model.predict(0, 0), 1e-6f);
        assertEquals(3.3333333f, model.predict(1, 1), 1e-6f);
    }

    @Test
    void predictionsAreClippedToTheRatingRange() {
        BiasBaseline model = BiasBaseline.fit(TINY, 1, 1, 1, 3.5f, 4.2f);
        assertEquals(4.2f, model.predict(0, 0));  // 4.3889 clipped down
        assertEquals(3.5f, model.predict(1, 1));  // 3.3333 clipped up
    }

    @Test
    void rankingScoresAreTheItemBiases() {
        BiasBaseline model = BiasBaseline.fit(TINY, 1, 1, 1);
        float[] scores = new float[2];
        model.scoreItems(1, scores);
        assertArrayEquals(new float[] {1f / 3, -0.5f}, scores, 1e-7f);
    }

    @Test
    void manyPassesConvergeToTheRegularisedLeastSquaresSolution() {
        // Independent reference: the minimiser of Σ (r - μ - b_u - b_i)² + λ_u Σ b_u² + λ_i Σ b_i²
        // solves the normal equations (AᵀA + diag(λ_u.., λ_i..)) x = Aᵀ (r - μ), where row k of A has
        // a 1 in column user_k and a 1 in column numUsers + item_k. Solved with EJML.
        int users = 5, items = 4, rows = 14;
        double lambdaUser = 3, lambdaItem = 2;
        Random random = new Random(3);
        int[] u = new int[rows], i = new int[rows];
        float[] r = new float[rows];
        for (int k = 0; k < rows; k++) {
            u[k] = k % users;
            i[k] = random.nextInt(items);
            r[k] = 1 + random.nextInt(9) * 0.5f;
        }
        Interactions train = new Interactions(u, i, r, users, items);
        double mean = 0;
        for (float rating : r) mean += rating;
        mean /= rows;

        SimpleMatrix a = new SimpleMatrix(rows, users + items);
        SimpleMatrix target = new SimpleMatrix(rows, 1);
        for (int k = 0; k < rows; k++) {
            a.set(k, u[k], 1);
            a.set(k, users + i[k], 1);
            target.set(k, 0, r[k] - mean);
        }
        SimpleMatrix regulariser = new SimpleMatrix(users + items, users + items);
        for (int c = 0; c < users + items; c++) regulariser.set(c, c, c < users ? lambdaUser : lambdaItem);
        SimpleMatrix x = a.transpose().mult(a).plus(regulariser).solve(a.transpose().mult(target));

        BiasBaseline model = BiasBaseline.fit(train, lambdaItem, lambdaUser, 300);
        double maxDifference = 0;
        for (int user = 0; user < users; user++) maxDifference = Math.max(maxDifference, Math.abs(model.userBias(user) - x.get(user)));
        for (int item = 0; item < items; item++) maxDifference = Math.max(maxDifference, Math.abs(model.itemBias(item) - x.get(users + item)));
        assertEquals(0.0, maxDifference, 1e-9, "max |bias - least squares| = " + maxDifference);
    }

    @Test
    void unseenUsersAndItemsHaveZeroBias() {
        Interactions train = new Interactions(new int[] {0}, new int[] {0}, new float[] {5}, 2, 2);
        BiasBaseline model = BiasBaseline.fit(train, 0, 0, 2); // λ = 0 must not divide 0 by 0
        assertEquals(0.0, model.userBias(1));
        assertEquals(0.0, model.itemBias(1));
        assertEquals(5.0f, model.predict(1, 1));
    }

    @Test
    void badArgumentsAreRejected() {
        Interactions empty = new Interactions(new int[0], new int[0], new float[0], 1, 1);
        assertThrows(IllegalArgumentException.class, () -> BiasBaseline.fit(empty));
        assertThrows(IllegalArgumentException.class, () -> BiasBaseline.fit(TINY, -1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> BiasBaseline.fit(TINY, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> BiasBaseline.fit(TINY, 1, 1, 1, 5f, 1f));
    }
}
