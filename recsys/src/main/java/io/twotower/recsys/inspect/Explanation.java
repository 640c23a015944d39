package io.twotower.recsys.inspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Why a score: the integrated-gradients contribution of every input feature of the user and of the
 * item, with the quantities the attributions must reconcile.
 *
 * <p>Completeness: Σ contributions = score − baselineScore, up to the quadrature error
 * {@link #additivityGap()}. The quadrature (see {@link IntegratedGradients}) started from {@code steps}
 * equal intervals, halved those in which a ReLU switches up to {@code refinements} times, and evaluated
 * the gradient at {@code points} points of the path.
 */
public record Explanation(float score, float baselineScore, List<Contribution> user, List<Contribution> item, int steps,
                          int refinements, int points, String baseline) {

    /** One feature's part of the score difference: value, baseline value and contribution. */
    public record Contribution(String tower, String feature, float value, float baselineValue, double contribution) {}

    /** Sum of every contribution (user and item). */
    public double total() {
        return sum(user) + sum(item);
    }

    public double userTotal() { return sum(user); }

    public double itemTotal() { return sum(item); }

    /** (Σ contributions) − (score − baselineScore): how far the quadrature is from exact completeness. */
    public double additivityGap() {
        return total() - ((double) score - baselineScore);
    }

    /** Every contribution, user and item, largest |contribution| first. */
    public List<Contribution> ranked() {
        List<Contribution> all = new ArrayList<>(user);
        all.addAll(item);
        all.sort(Comparator.comparingDouble((Contribution c) -> -Math.abs(c.contribution())));
        return all;
    }

    private static double sum(List<Contribution> cs) {
        double s = 0;
        for (Contribution c : cs) s += c.contribution();
        return s;
    }
}
