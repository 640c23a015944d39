package io.twotower.recsys.inspect;

import io.twotower.engine.Tensor;
import io.twotower.engine.nn.Activation;
import io.twotower.engine.nn.Dense;
import io.twotower.engine.nn.Sequential;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tutorial's numbers are right: every gradient the walkthrough prints (taken from the engine) is
 * checked against central finite differences of a double-precision scalar twin of the same forward
 * pass, the tutorial's closed forms (the L2-normalise Jacobian, dL/dW = xᵀ·dz) are recomputed
 * from the printed forward values, the Adam step from its formula, and the tutorial's quoted printout
 * is compared with the walkthrough's.
 */
class TutorialWalkthroughTest {

    /** The loss in double, from the towers' current weights: relu(x W0 + b0) W1 + b1, normalise, dot, squared error. */
    private static double loss(Sequential user, Sequential item) {
        double[] u = tower(user, TutorialWalkthrough.USER_X), v = tower(item, TutorialWalkthrough.ITEM_X);
        double nu = Math.sqrt(u[0] * u[0] + u[1] * u[1]), nv = Math.sqrt(v[0] * v[0] + v[1] * v[1]);
        double s = (u[0] * v[0] + u[1] * v[1]) / (nu * nv);
        return (s - TutorialWalkthrough.TARGET) * (s - TutorialWalkthrough.TARGET);
    }

    private static double[] tower(Sequential tower, float[] x) {
        double[] h = new double[x.length];
        for (int j = 0; j < x.length; j++) h[j] = x[j];
        for (var layer : tower.layers()) {
            Dense d = (Dense) layer;
            int in = d.inputSize(), out = d.outputSize();
            double[] z = new double[out];
            for (int o = 0; o < out; o++) {
                z[o] = d.bias().data()[o];
                for (int i = 0; i < in; i++) z[o] += h[i] * d.kernel().data()[i * out + o];
                if (d.activation() == Activation.RELU) z[o] = Math.max(0, z[o]);
            }
            h = z;
        }
        return h;
    }

    @Test
    void everyParameterGradientMatchesFiniteDifferences() {
        TutorialWalkthrough.Step step = TutorialWalkthrough.run();
        List<Tensor> params = new ArrayList<>(step.userTower().parameters());
        params.addAll(step.itemTower().parameters());
        double eps = 1e-3, worst = 0;
        for (Tensor p : params) {
            for (int k = 0; k < p.size(); k++) {
                float saved = p.data()[k];
                // Perturb in float (the weights are floats) and divide by the step actually taken.
                float plus = (float) (saved + eps), minus = (float) (saved - eps);
                p.data()[k] = plus;
                double up = loss(step.userTower(), step.itemTower());
                p.data()[k] = minus;
                double down = loss(step.userTower(), step.itemTower());
                p.data()[k] = saved;
                double numeric = (up - down) / ((double) plus - minus);
                worst = Math.max(worst, Math.abs(numeric - p.grad()[k]));
            }
        }
        // Central differences err by O(eps²·L''') ~ 1e-6; the engine computes in float (~1e-6 relative).
        assertTrue(worst < 1e-4, "max |finite difference - engine gradient| = " + worst);
        assertEquals(loss(step.userTower(), step.itemTower()), step.loss().item(), 1e-6);
    }

    /**
     * The formulas of the tutorial from the printed forward values: dL/ds = 2(s − t);
     * dL/du = (dL/dû − (dL/dû·û) û) / ||u||; dL/dW1 = h_uᵀ · dL/du (an outer product for one example).
     */
    @Test
    void closedFormsReproduceTheEngine() {
        TutorialWalkthrough.Step s = TutorialWalkthrough.run();
        float score = s.score().item();
        assertEquals(2 * (score - TutorialWalkthrough.TARGET), s.score().grad()[0], 1e-6);
        float[] uHat = s.userVec().data(), vHat = s.itemVec().data(), u = s.userOut().data();
        double norm = Math.hypot(u[0], u[1]);
        double g = 2 * (score - TutorialWalkthrough.TARGET);
        double[] dHat = {g * vHat[0], g * vHat[1]};
        double radial = dHat[0] * uHat[0] + dHat[1] * uHat[1];
        for (int j = 0; j < 2; j++) {
            double du = (dHat[j] - radial * uHat[j]) / norm;
            assertEquals(du, s.userOut().grad()[j], 1e-6, "dL/du[" + j + "]");
        }
        Dense last = (Dense) s.userTower().layers().get(1);
        float[] h = s.userHidden().data(), dz = s.userOut().grad();
        for (int i = 0; i < 4; i++) {
            for (int o = 0; o < 2; o++) assertEquals(h[i] * dz[o], last.kernel().grad()[i * 2 + o], 1e-6);
        }
    }

    /**
     * The first Adam step from its formula, in double, from the printed gradient: m = 0.1 g,
     * v = 0.001 g², α = lr·sqrt(1 − 0.999)/(1 − 0.9), ΔW = −α m / (sqrt(v) + 1e-7); and it lowers the loss.
     * (The new W is a float: its rounding, below 1e-7 for |W| < 1, is the tolerance.)
     */
    @Test
    void theAdamStepFollowsItsFormula() {
        TutorialWalkthrough.Update a = TutorialWalkthrough.adamStep(TutorialWalkthrough.run());
        double alpha = 0.001 * Math.sqrt(1 - 0.999) / (1 - 0.9);
        for (int j = 0; j < a.gradient().length; j++) {
            double g = a.gradient()[j], m = 0.1 * g, v = 0.001 * g * g;
            assertEquals(m, a.m()[j], 1e-7, "m[" + j + "]");
            // 1 − β₂ in float is 1 − 0.999000013 = 0.000999987: v is 1.3e-5 (relative) below 0.001 g².
            assertEquals(v, a.v()[j], 2e-5 * v, "v[" + j + "]");
            assertEquals(-alpha * m / (Math.sqrt(v) + 1e-7), (double) a.after()[j] - a.before()[j], 1e-7, "change[" + j + "]");
        }
        assertTrue(a.lossAfter() < a.lossBefore(), a.lossAfter() + " >= " + a.lossBefore());
    }

    /**
     * docs/TUTORIAL.md quotes the walkthrough's printout in fenced blocks that start with "== ": together
     * (one blank line between blocks) they are exactly what the walkthrough prints today.
     */
    @Test
    void theTutorialQuotesTheWalkthroughsPrintout() throws IOException {
        String doc = Files.readString(Path.of("../docs/TUTORIAL.md"));
        Matcher block = Pattern.compile("(?s)```\n(== .*?)```").matcher(doc);
        List<String> blocks = new ArrayList<>();
        while (block.find()) blocks.add(block.group(1));
        assertEquals(4, blocks.size(), "weights, forward, backward and Adam blocks");
        assertEquals(TutorialWalkthrough.text(), String.join("\n", blocks));
    }
}
