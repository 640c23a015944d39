package io.twotower.recsys.inspect;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import io.twotower.engine.nn.Dense;
import io.twotower.engine.nn.Sequential;
import io.twotower.engine.ops.Ops;
import io.twotower.engine.optim.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The numbers of docs/TUTORIAL.md: one forward and one backward pass of two tiny towers (3 -> 4 -> 2,
 * ReLU then linear) on one (user, item) example, then one Adam update, printed step by step from the
 * engine's own tensors.
 *
 * <p>Run it: {@code mvn -q -o -pl recsys -am test-compile} then
 * {@code java --add-modules jdk.incubator.vector -cp "recsys/target/test-classes:recsys/target/classes:engine/target/classes"
 * io.twotower.recsys.inspect.TutorialWalkthrough}.
 */
public final class TutorialWalkthrough {
    /** Weights are drawn from this seed (Glorot-uniform, zero biases), so the printout never changes. */
    static final long SEED = 36;
    static final float[] USER_X = {1.0f, -0.5f, 2.0f};
    static final float[] ITEM_X = {0.5f, 1.5f, -1.0f};
    static final float TARGET = 0.5f;

    /** The two towers, the example and every intermediate tensor of the step. */
    record Step(Sequential userTower, Sequential itemTower, Tensor userX, Tensor itemX, Tensor userHidden,
                Tensor userOut, Tensor itemHidden, Tensor itemOut, Tensor userVec, Tensor itemVec, Tensor score,
                Tensor target, Tensor loss) {}

    private TutorialWalkthrough() {}

    /** Builds the towers from {@link #SEED}, runs forward and backward once, and returns every tensor. */
    static Step run() {
        return run(SEED);
    }

    static Step run(long seed) {
        Rng rng = new Rng(seed);
        Sequential userTower = Sequential.mlp("user_tower", 3, new int[] {4, 2}, rng);
        Sequential itemTower = Sequential.mlp("item_tower", 3, new int[] {4, 2}, rng);
        Tensor userX = Tensor.of(USER_X.clone(), 1, 3).named("x_u");
        Tensor itemX = Tensor.of(ITEM_X.clone(), 1, 3).named("x_i");
        Tensor target = Tensor.of(new float[] {TARGET}, 1, 1).named("t");

        Graph g = new Graph();
        Tensor userHidden = userTower.layers().get(0).forward(g, userX);   // h_u = relu(x_u W0 + b0)
        Tensor userOut = userTower.layers().get(1).forward(g, userHidden); // u = h_u W1 + b1
        Tensor itemHidden = itemTower.layers().get(0).forward(g, itemX);
        Tensor itemOut = itemTower.layers().get(1).forward(g, itemHidden);
        Tensor userVec = Ops.l2NormalizeRows(g, userOut);
        Tensor itemVec = Ops.l2NormalizeRows(g, itemOut);
        Tensor score = Ops.rowDot(g, userVec, itemVec);
        Tensor loss = Ops.meanSquaredError(g, score, target);
        g.zeroGrad();
        g.backward(loss);
        return new Step(userTower, itemTower, userX, itemX, userHidden, userOut, itemHidden, itemOut, userVec, itemVec,
                score, target, loss);
    }

    /** The learning rate of the tutorial's Adam step (the train command's default). */
    static final float LEARNING_RATE = 0.001f;

    /**
     * One Adam update after the step's backward pass: the engine's moments m and v of
     * user_tower.dense1.kernel, its weights before and after, and the loss before and after (every
     * weight of both towers moves).
     */
    record Update(float[] gradient, float[] m, float[] v, float[] before, float[] after, float lossBefore, float lossAfter) {}

    /** Applies one Adam step (Keras' defaults, lr {@link #LEARNING_RATE}) to the towers of s, then runs forward again. */
    static Update adamStep(Step s) {
        List<Tensor> params = new ArrayList<>(s.userTower().parameters());
        params.addAll(s.itemTower().parameters());
        Tensor kernel = ((Dense) s.userTower().layers().get(1)).kernel();
        float[] before = kernel.data().clone(), gradient = kernel.grad().clone();
        Adam adam = new Adam(params, LEARNING_RATE);
        adam.step();
        Map<String, float[]> state = adam.state();
        Graph g = new Graph();
        Tensor u = Ops.l2NormalizeRows(g, s.userTower().forward(g, s.userX()));
        Tensor v = Ops.l2NormalizeRows(g, s.itemTower().forward(g, s.itemX()));
        Tensor loss = Ops.meanSquaredError(g, Ops.rowDot(g, u, v), s.target());
        return new Update(gradient, state.get(kernel.name() + ".m"), state.get(kernel.name() + ".v"), before,
                kernel.data().clone(), s.loss().item(), loss.item());
    }

    public static void main(String[] args) {
        System.out.print(text());
    }

    /** The whole printout pasted into the tutorial: weights, forward, backward, then one Adam step. */
    static String text() {
        Step s = run();
        String forwardAndBackward = text(s);
        return forwardAndBackward + "\n" + text(adamStep(s));
    }

    /** The Adam step's part of the printout. */
    static String text(Update a) {
        StringBuilder out = new StringBuilder();
        out.append("== One Adam step (lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, t = 1) ==\n");
        out.append(String.format(Locale.ROOT, "%-28s %.7f%n", "alpha", LEARNING_RATE * Math.sqrt(1 - 0.999) / (1 - 0.9)));
        out.append(matrix("g = dL/duser_tower.dense1.kernel", a.gradient(), 2));
        out.append(matrix("m (after the step)", a.m(), 2));
        out.append(matrix("v (after the step), x 1000", scaled(a.v(), 1000), 2));
        float[] change = new float[a.after().length];
        for (int j = 0; j < change.length; j++) change[j] = a.after()[j] - a.before()[j];
        out.append(matrix("W change, x 1000", scaled(change, 1000), 2));
        out.append(String.format(Locale.ROOT, "%-28s %.4f%n", "L before the step", a.lossBefore()));
        out.append(String.format(Locale.ROOT, "%-28s %.4f%n", "L after the step", a.lossAfter()));
        return out.toString();
    }

    private static float[] scaled(float[] v, float factor) {
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) out[j] = v[j] * factor;
        return out;
    }

    /** The forward and backward part of the printout. */
    static String text(Step s) {
        StringBuilder out = new StringBuilder();
        out.append("== Weights (Glorot-uniform from seed ").append(SEED).append(", biases 0) ==\n");
        for (Sequential tower : new Sequential[] {s.userTower(), s.itemTower()}) {
            for (var layer : tower.layers()) {
                Dense d = (Dense) layer;
                out.append(matrix(d.kernel().name() + " " + d.kernel().shapeString(), d.kernel().data(), d.kernel().cols()));
            }
        }
        out.append("\n== Forward ==\n");
        out.append(row("x_u", s.userX().data())).append(row("x_i", s.itemX().data()));
        out.append(row("h_u = relu(x_u W0 + b0)", s.userHidden().data()));
        out.append(row("u   = h_u W1 + b1", s.userOut().data()));
        out.append(row("h_i = relu(x_i W0' + b0')", s.itemHidden().data()));
        out.append(row("v   = h_i W1' + b1'", s.itemOut().data()));
        out.append(String.format(Locale.ROOT, "%-28s %.4f%n", "||u||", norm(s.userOut().data())));
        out.append(String.format(Locale.ROOT, "%-28s %.4f%n", "||v||", norm(s.itemOut().data())));
        out.append(row("uhat = u / ||u||", s.userVec().data()));
        out.append(row("vhat = v / ||v||", s.itemVec().data()));
        out.append(String.format(Locale.ROOT, "%-28s %.4f%n", "s = uhat . vhat", s.score().item()));
        out.append(String.format(Locale.ROOT, "%-28s %.4f%n", "t", s.target().item()));
        out.append(String.format(Locale.ROOT, "%-28s %.4f%n", "L = (s - t)^2", s.loss().item()));

        out.append("\n== Backward (the order the engine runs it) ==\n");
        out.append(String.format(Locale.ROOT, "%-28s %.4f%n", "dL/ds = 2 (s - t)", s.score().grad()[0]));
        out.append(row("dL/duhat = dL/ds * vhat", s.userVec().grad()));
        out.append(row("dL/dvhat = dL/ds * uhat", s.itemVec().grad()));
        out.append(row("dL/du", s.userOut().grad()));
        out.append(row("dL/dv", s.itemOut().grad()));
        appendLayerGrads(out, s.itemTower(), s.itemHidden(), "h_i");
        appendLayerGrads(out, s.userTower(), s.userHidden(), "h_u");
        return out.toString();
    }

    /** Gradients of one tower's layers, last layer first (the order backward visits them). */
    private static void appendLayerGrads(StringBuilder out, Sequential tower, Tensor hidden, String hiddenName) {
        Dense last = (Dense) tower.layers().get(1), first = (Dense) tower.layers().get(0);
        out.append(matrix("dL/d" + last.kernel().name(), last.kernel().grad(), last.kernel().cols()));
        out.append(row("dL/d" + last.bias().name(), last.bias().grad()));
        out.append(row("dL/d" + hiddenName, hidden.grad()));
        // The ReLU passes the gradient only where its output is positive (where z > 0).
        float[] dz = hidden.grad().clone();
        for (int j = 0; j < dz.length; j++) if (hidden.data()[j] <= 0) dz[j] = 0;
        out.append(row("dL/dz = dL/d" + hiddenName + " * [" + hiddenName + " > 0]", dz));
        out.append(matrix("dL/d" + first.kernel().name(), first.kernel().grad(), first.kernel().cols()));
        out.append(row("dL/d" + first.bias().name(), first.bias().grad()));
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        return Math.sqrt(s);
    }

    private static String row(String label, float[] v) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-28s [", label));
        for (int j = 0; j < v.length; j++) s.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%8.4f", v[j]));
        return s.append("]\n").toString();
    }

    private static String matrix(String label, float[] m, int cols) {
        StringBuilder s = new StringBuilder(label).append('\n');
        for (int r = 0; r < m.length / cols; r++) {
            float[] line = new float[cols];
            System.arraycopy(m, r * cols, line, 0, cols);
            s.append(row("", line));
        }
        return s.toString();
    }
}
