package io.twotower.recsys.inspect;

import io.twotower.engine.nn.Dense;
import io.twotower.engine.nn.Layer;
import io.twotower.engine.nn.Sequential;
import io.twotower.recsys.model.TwoTowerModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A layer-by-layer description of a two-tower model, in the spirit of Keras's {@code model.summary()}.
 *
 * <p>Each tower is listed as: its input (B, inputs), one row per dense layer, and the L2 normalisation
 * that ends it. A dense layer of {@code in} inputs and {@code out} units has {@code in·out} kernel
 * weights plus {@code out} biases; inputs and the normalisation have no parameters. B is the batch.
 * Weight statistics ({@link WeightStats}) are given per dense layer for the kernel W and the bias b.
 */
public final class ModelSummary {

    /** One row of the table: a layer (or the input / normalisation pseudo-layers) of one tower. */
    public record Row(String tower, String layer, String kind, String activation, int outputWidth, long parameters,
                      WeightStats kernel, WeightStats bias) {}

    private final TwoTowerModel model;
    private final List<Row> rows;

    private ModelSummary(TwoTowerModel model, List<Row> rows) {
        this.model = model;
        this.rows = rows;
    }

    public static ModelSummary of(TwoTowerModel model) {
        List<Row> rows = new ArrayList<>();
        addTower(rows, "user", model.userTower());
        addTower(rows, "item", model.itemTower());
        return new ModelSummary(model, List.copyOf(rows));
    }

    private static void addTower(List<Row> rows, String tower, Sequential sequential) {
        rows.add(new Row(tower, tower + "_features", "Input", "", sequential.inputSize(), 0, null, null));
        for (Layer layer : sequential.layers()) {
            if (!(layer instanceof Dense dense)) {
                throw new IllegalStateException("tower " + sequential.name() + ": layer " + layer.name()
                        + " is a " + layer.getClass().getSimpleName() + ", only Dense layers are summarised");
            }
            long params = (long) dense.kernel().size() + dense.bias().size();
            rows.add(new Row(tower, dense.name(), "Dense", dense.activation().name().toLowerCase(Locale.ROOT),
                    dense.outputSize(), params, WeightStats.of(dense.kernel().data()), WeightStats.of(dense.bias().data())));
        }
        rows.add(new Row(tower, tower + "_l2_normalize", "L2Normalize", "", sequential.outputSize(), 0, null, null));
    }

    public List<Row> rows() { return rows; }

    /** Parameters of one tower ("user" or "item"). */
    public long parameters(String tower) {
        long n = 0;
        for (Row r : rows) if (r.tower().equals(tower)) n += r.parameters();
        return n;
    }

    /** Parameters of both towers. */
    public long totalParameters() {
        long n = 0;
        for (Row r : rows) n += r.parameters();
        return n;
    }

    /** The summary as text: the layer table, the weight statistics, the feature names, the model's info. */
    public String format() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Model: %s objective, %d-dimensional vectors, score = cosine(û, v̂)%n",
                model.config().objective().name().toLowerCase(Locale.ROOT), model.embeddingDim()));
        for (Map.Entry<String, String> e : model.info().entrySet()) {
            s.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        String line = "-".repeat(82) + "\n";
        s.append('\n').append(String.format(Locale.ROOT, "%-30s %-12s %-10s %-14s %12s%n",
                "Layer", "Type", "Activation", "Output shape", "Param #"));
        s.append(line.replace('-', '='));
        String tower = null;
        for (Row r : rows) {
            if (tower != null && !tower.equals(r.tower())) s.append(line);
            tower = r.tower();
            s.append(String.format(Locale.ROOT, "%-30s %-12s %-10s %-14s %,12d%n", r.layer(), r.kind(), r.activation(),
                    "(B, " + r.outputWidth() + ")", r.parameters()));
        }
        s.append(line.replace('-', '='));
        s.append(String.format(Locale.ROOT, "User tower params: %,d%nItem tower params: %,d%nTotal params:      %,d%n",
                parameters("user"), parameters("item"), totalParameters()));

        s.append('\n').append("Weight statistics (W kernel, b bias; std over the entries, ||.|| the L2 norm)\n");
        s.append(String.format(Locale.ROOT, "%-30s %10s %10s %10s %10s %10s%n",
                "Layer", "W mean", "W std", "||W||", "b mean", "||b||"));
        for (Row r : rows) {
            if (r.kernel() == null) continue;
            s.append(String.format(Locale.ROOT, "%-30s %10.5f %10.5f %10.4f %10.5f %10.4f%n", r.layer(),
                    r.kernel().mean(), r.kernel().std(), r.kernel().l2(), r.bias().mean(), r.bias().l2()));
        }

        appendNames(s, "User", model.features().userFeatureNames(), model.features().userKeys());
        appendNames(s, "Item", model.features().itemFeatureNames(), model.features().itemKeys());
        return s.toString();
    }

    private static void appendNames(StringBuilder s, String side, List<String> names, List<String> keys) {
        s.append('\n').append(side).append(" tower input features (").append(names.size()).append("):\n");
        for (int j = 0; j < names.size(); j++) s.append(String.format(Locale.ROOT, "  %3d  %s%n", j, names.get(j)));
        s.append("  raw keys accepted for a new ").append(side.toLowerCase(Locale.ROOT)).append(": ")
                .append(String.join(", ", keys)).append('\n');
    }
}
