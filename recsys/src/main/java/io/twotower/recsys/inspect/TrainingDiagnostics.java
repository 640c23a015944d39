package io.twotower.recsys.inspect;

import io.twotower.engine.io.AtomicFiles;
import io.twotower.engine.Tensor;
import io.twotower.engine.nn.Activation;
import io.twotower.engine.nn.Dense;
import io.twotower.engine.nn.Layer;
import io.twotower.engine.nn.Sequential;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.train.EpochStats;
import io.twotower.recsys.train.Trainer;
import io.twotower.recsys.train.TrainingExamples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Per-layer health of a training run, one record per dense layer and epoch:
 * <ul>
 *   <li><b>gradient norm</b>: the root mean square over the epoch's steps of the per-step L2 norm of
 *       the kernel's gradient, sqrt(Σ_t ||∂L/∂W||²_t / T). Vanishing (≈0) or exploding values show here.</li>
 *   <li><b>update ratio</b>: the mean over steps of ||W_t − W_{t−1}|| / ||W_{t−1}||, the relative size of
 *       one optimizer update. Around 1e-3 is the usual healthy range; far below, the layer barely learns;
 *       far above, it is unstable. W is copied in {@link #afterBackward} and compared in {@link #afterUpdate}.</li>
 *   <li><b>dead fraction</b>: for ReLU layers, the share of units whose output is 0 for every example of
 *       a fixed sample, measured at the end of each epoch on the inference path (no graph). A dead unit
 *       passes no gradient back, so it never recovers. Linear layers report NaN.</li>
 * </ul>
 *
 * <p>It costs nothing unless registered: {@code train --diagnostics} adds it as a {@link Trainer.Listener}.
 */
public final class TrainingDiagnostics implements Trainer.Listener {

    /** At most this many sample examples feed the dead-unit check: enough to find live units, cheap to run. */
    static final int MAX_SAMPLE = 2048;

    /** One layer's diagnostics for one epoch. */
    public record Record(int epoch, String layer, double gradientNorm, double updateRatio, double deadFraction) {}

    private final List<Dense> layers = new ArrayList<>();
    private final Sequential userTower;
    private final Sequential itemTower;
    private final Tensor userSample;
    private final Tensor itemSample;
    /** Per layer: Σ_t ||∂L/∂W||², Σ_t ||ΔW||/||W||, steps seen this epoch, and the copy of W before the update. */
    private final double[] squaredGradientNormSum;
    private final double[] updateRatioSum;
    private final float[][] kernelBefore;
    private int steps;
    private final List<Record> records = new ArrayList<>();
    /**
     * The epoch with the lowest validation loss so far (the first, on ties) and that loss: the rule by
     * which the trainer picks the weights it restores at the end. 0 while no epoch had a validation loss.
     */
    private int bestEpoch;
    private double bestValidationLoss = Double.POSITIVE_INFINITY;

    private TrainingDiagnostics(TwoTowerModel model, Tensor userSample, Tensor itemSample) {
        this.userTower = model.userTower();
        this.itemTower = model.itemTower();
        for (Sequential tower : List.of(userTower, itemTower)) {
            for (Layer layer : tower.layers()) {
                if (!(layer instanceof Dense dense)) {
                    throw new IllegalArgumentException("diagnostics: layer " + layer.name() + " is not a Dense layer");
                }
                layers.add(dense);
            }
        }
        this.userSample = userSample;
        this.itemSample = itemSample;
        this.squaredGradientNormSum = new double[layers.size()];
        this.updateRatioSum = new double[layers.size()];
        this.kernelBefore = new float[layers.size()][];
        for (int l = 0; l < layers.size(); l++) kernelBefore[l] = new float[layers.get(l).kernel().size()];
    }

    /**
     * Diagnostics for a model, with the users and items of (the first {@value #MAX_SAMPLE} of)
     * {@code sample} as the fixed inputs of the dead-unit check.
     */
    public static TrainingDiagnostics create(TwoTowerModel model, TrainingExamples sample) {
        if (sample.size() == 0) throw new IllegalArgumentException("diagnostics: the sample of examples is empty");
        int n = Math.min(MAX_SAMPLE, sample.size());
        int du = model.features().userDim(), di = model.features().itemDim();
        float[] users = model.features().userMatrix(), items = model.features().itemMatrix();
        float[] userRows = new float[n * du], itemRows = new float[n * di];
        for (int e = 0; e < n; e++) {
            System.arraycopy(users, sample.users()[e] * du, userRows, e * du, du);
            System.arraycopy(items, sample.items()[e] * di, itemRows, e * di, di);
        }
        return new TrainingDiagnostics(model, Tensor.of(userRows, n, du), Tensor.of(itemRows, n, di));
    }

    /** It copies W before the update to measure the update: the trainer must not fuse the update into backward. */
    @Override
    public boolean readsGradientsBeforeUpdate() { return true; }

    @Override
    public void afterBackward(int epoch, int step) {
        for (int l = 0; l < layers.size(); l++) {
            Tensor kernel = layers.get(l).kernel();
            double norm = WeightStats.l2(kernel.grad());
            squaredGradientNormSum[l] += norm * norm;
            System.arraycopy(kernel.data(), 0, kernelBefore[l], 0, kernel.size());
        }
    }

    @Override
    public void afterUpdate(int epoch, int step) {
        for (int l = 0; l < layers.size(); l++) {
            float[] after = layers.get(l).kernel().data();
            float[] before = kernelBefore[l];
            double change = 0, size = 0;
            for (int i = 0; i < after.length; i++) {
                double d = after[i] - before[i];
                change += d * d;
                size += (double) before[i] * before[i];
            }
            // An all-zero W (never the case after Glorot init) would make the ratio undefined: count it as 0.
            updateRatioSum[l] += size == 0 ? 0 : Math.sqrt(change / size);
        }
        steps++;
    }

    @Override
    public void onEpoch(EpochStats stats) {
        if (stats.validationLoss() < bestValidationLoss) { // false for NaN (no validation part)
            bestValidationLoss = stats.validationLoss();
            bestEpoch = stats.epoch();
        }
        double[] dead = deadFractions();
        for (int l = 0; l < layers.size(); l++) {
            records.add(new Record(stats.epoch(), layers.get(l).name(),
                    steps == 0 ? Double.NaN : Math.sqrt(squaredGradientNormSum[l] / steps),
                    steps == 0 ? Double.NaN : updateRatioSum[l] / steps, dead[l]));
        }
        Arrays.fill(squaredGradientNormSum, 0);
        Arrays.fill(updateRatioSum, 0);
        steps = 0;
    }

    /** Per layer (in {@link #records} order): the share of ReLU units that are 0 on every sample row. */
    double[] deadFractions() {
        double[] dead = new double[layers.size()];
        int next = deadFractions(userTower, userSample, dead, 0);
        deadFractions(itemTower, itemSample, dead, next);
        return dead;
    }

    /** Runs one tower layer by layer on its sample, writing dead[from..]; returns the next free index. */
    private static int deadFractions(Sequential tower, Tensor sample, double[] dead, int from) {
        Tensor h = sample;
        int l = from;
        for (Layer layer : tower.layers()) {
            Dense dense = (Dense) layer;
            h = dense.forward(null, h);
            dead[l++] = dense.activation() == Activation.RELU ? deadShare(h) : Double.NaN;
        }
        return l;
    }

    /** Share of the columns of h (B, units) that are exactly 0 in every row. */
    private static double deadShare(Tensor h) {
        int rows = h.rows(), units = h.cols();
        float[] v = h.data();
        int dead = 0;
        for (int j = 0; j < units; j++) {
            boolean alive = false;
            for (int r = 0; r < rows && !alive; r++) alive = v[r * units + j] != 0f;
            if (!alive) dead++;
        }
        return (double) dead / units;
    }

    /** Every record so far, epoch by epoch, layers in tower order (user tower first). */
    public List<Record> records() {
        return List.copyOf(records);
    }

    /** The records as CSV: epoch,layer,grad_norm,update_ratio,dead_fraction (NaN left empty). */
    public String csv() {
        StringBuilder text = new StringBuilder("epoch,layer,grad_norm,update_ratio,dead_fraction\n");
        for (Record r : records) {
            text.append(r.epoch()).append(',').append(r.layer()).append(',').append(number(r.gradientNorm())).append(',')
                    .append(number(r.updateRatio())).append(',').append(number(r.deadFraction())).append('\n');
        }
        return text.toString();
    }

    /** Writes {@link #csv()} to a file, whole or not at all ({@link AtomicFiles}); creates its folder. */
    public void writeCsv(Path csv) throws IOException {
        Path folder = csv.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) AtomicFiles.createFolder(folder);
        AtomicFiles.write(csv, csv().getBytes(StandardCharsets.UTF_8));
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    /**
     * The first and last epoch side by side per layer, with warnings for dead or barely moving layers,
     * and, when early stopping keeps the weights of an earlier epoch than the last, which one.
     */
    public String summary() {
        if (records.isEmpty()) return "Diagnostics: no epoch finished.\n";
        int first = records.get(0).epoch(), last = records.get(records.size() - 1).epoch();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%nDiagnostics per layer (epoch %d -> epoch %d): kernel gradient norm (RMS over steps), "
                        + "mean update/weight ratio, dead ReLU units%n", first, last));
        s.append(String.format(Locale.ROOT, "%-24s %23s %23s %15s%n", "Layer", "grad norm", "update/weight", "dead"));
        List<String> warnings = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            Record a = records.get(l), b = records.get(records.size() - layers.size() + l);
            s.append(String.format(Locale.ROOT, "%-24s %10.3g -> %-10.3g %10.3g -> %-10.3g %6s -> %-6s%n", a.layer(),
                    a.gradientNorm(), b.gradientNorm(), a.updateRatio(), b.updateRatio(),
                    percent(a.deadFraction()), percent(b.deadFraction())));
            if (b.deadFraction() >= 0.5) warnings.add(b.layer() + ": " + percent(b.deadFraction()) + " of its ReLU units are dead");
            if (b.updateRatio() < 1e-5) warnings.add(b.layer() + ": updates are below 1e-5 of the weights (barely learning)");
            if (b.updateRatio() > 1e-1) warnings.add(b.layer() + ": updates exceed 10% of the weights (unstable?)");
        }
        if (bestEpoch != 0 && bestEpoch != last) {
            // A resumed run (first > 1) may have had its best epoch before the resume, which this listener never saw.
            s.append(first == 1
                    ? String.format(Locale.ROOT, "Weights restored to epoch %d (lowest validation loss): the saved model is"
                            + " that epoch's, not the last column's%n", bestEpoch)
                    : String.format(Locale.ROOT, "Lowest validation loss since the resume: epoch %d; the saved model has the"
                            + " weights of the best epoch of the whole run (see 'Early stopping' above)%n", bestEpoch));
        }
        for (String w : warnings) s.append("  warning: ").append(w).append('\n');
        return s.toString();
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
