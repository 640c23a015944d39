package io.twotower.recsys.cli;

import io.twotower.recsys.app.UsageException;
import io.twotower.recsys.features.FeaturePipeline;
import io.twotower.recsys.inspect.Explanation;
import io.twotower.recsys.inspect.IntegratedGradients;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.ModelConfig;
import io.twotower.recsys.model.TwoTowerModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Why the model gives this score to this (user, item) pair: the contribution of every input",
                "feature of the user and of the item, by integrated gradients from a baseline pair."})
final class ExplainCommand implements Callable<Integer>, CommonOptions.Holder {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common = new CommonOptions();
    @Mixin ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--user", paramLabel = "ID", required = true, description = "A user id from the training data.")
    String user;

    @Option(names = "--item", paramLabel = "ID", required = true, description = "An item id from the training data.")
    String item;

    @Option(names = "--baseline", paramLabel = "KIND", defaultValue = "zero",
            description = {"zero (default): the all-zero feature vector: the average value of every standardised numeric",
                    "feature and 'none' for one-hot/multi-hot ones (no genre); unseen: the features the pipeline",
                    "imputes for a user and an item without any data."})
    String baseline;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "" + IntegratedGradients.DEFAULT_STEPS,
            description = "Equal trapezoid intervals along the path (default ${DEFAULT-VALUE}); those in which a ReLU unit"
                    + " switches are then halved up to " + IntegratedGradients.DEFAULT_REFINEMENTS + " times."
                    + " More steps shrink the additivity gap, down to float32 rounding (about 1e-6).")
    int steps;

    @Option(names = "--top", paramLabel = "N", defaultValue = "15",
            description = "Contributions to list, largest |contribution| first; 0 lists all (default ${DEFAULT-VALUE}).")
    int top;

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() throws Exception {
        common.apply();
        Flags.inRange("--steps", steps, 1, IntegratedGradients.MAX_STEPS);
        if (top < 0) throw new UsageException("--top must be >= 0, got " + top);
        if (!List.of("zero", "unseen").contains(baseline)) {
            throw new UsageException("--baseline must be zero or unseen, got '" + baseline + "'");
        }
        TwoTowerModel model = modelOptions.load();
        Catalog catalog = model.catalog();
        int u = Flags.userIndex(catalog, user);
        int i = Flags.itemIndex(catalog, item);

        FeaturePipeline features = model.features();
        boolean zero = baseline.equals("zero");
        float[] userBaseline = zero ? new float[features.userDim()] : features.transformNewUser(Map.of());
        float[] itemBaseline = zero ? new float[features.itemDim()] : features.transformNewItem(Map.of());
        Explanation e = IntegratedGradients.explain(model, features.userFeatures(u), features.itemFeatures(i),
                userBaseline, itemBaseline, steps, zero ? "all-zero features: average numeric values, no categories"
                        : "imputed features of an unseen user and item");

        PrintWriter out = spec.commandLine().getOut();
        out.printf("Explaining user %s x item %s (%s)%n", user, item, catalog.itemLabel(i));
        out.printf(Locale.ROOT, "  score    cosine %+.4f  = %s%n", e.score(), asPrediction(model, e.score()));
        out.printf(Locale.ROOT, "  baseline cosine %+.4f  = %s   (%s)%n", e.baselineScore(),
                asPrediction(model, e.baselineScore()), e.baseline());
        out.printf(Locale.ROOT, "  difference to explain: %+.4f%n%n", e.score() - e.baselineScore());
        out.printf("  %-5s %-28s %10s %10s %13s%n", "tower", "feature", "value", "baseline", "contribution");
        List<Explanation.Contribution> ranked = e.ranked();
        int shown = top == 0 ? ranked.size() : Math.min(top, ranked.size());
        for (Explanation.Contribution c : ranked.subList(0, shown)) {
            out.printf(Locale.ROOT, "  %-5s %-28s %10.4f %10.4f %+13.5f%n", c.tower(), c.feature(), c.value(),
                    c.baselineValue(), c.contribution());
        }
        if (shown < ranked.size()) out.printf("  ... %d more (use --top 0 to list all)%n", ranked.size() - shown);
        out.printf(Locale.ROOT, "%n  sum of contributions: %+.5f (user features %+.5f, item features %+.5f)%n",
                e.total(), e.userTotal(), e.itemTotal());
        out.printf(Locale.ROOT, "  score - baseline:     %+.5f%n", (double) e.score() - e.baselineScore());
        out.printf(Locale.ROOT, "  additivity gap:       %.2e  (integrated gradients: trapezoid rule on %d steps, halved up to"
                + " %d times where a ReLU switches; %,d points)%n", Math.abs(e.additivityGap()), e.steps(),
                e.refinements(), e.points());
        double difference = Math.abs((double) e.score() - e.baselineScore());
        if (Math.abs(e.additivityGap()) > 0.01 * difference) {
            // On the default model the gap is about 1e-6 (float32 rounding): this happens when the score is
            // within about 1e-4 of the baseline's, or when the path passes near a zero tower output.
            out.printf(Locale.ROOT, "  note: the gap is over 1%% of score - baseline, so read the contributions as"
                    + " approximate; more --steps shrink the quadrature's part of it, not float32 rounding (~1e-6)%n");
        }
        out.flush();
        return 0;
    }

    /** The cosine as the model's prediction: a rating (explicit) or a probability of liking (implicit). */
    private static String asPrediction(TwoTowerModel model, float cosine) {
        ModelConfig config = model.config();
        if (config.objective() == ModelConfig.Objective.IMPLICIT) {
            return String.format(Locale.ROOT, "P(like) %.3f", 1 / (1 + Math.exp(-config.logitScale() * cosine)));
        }
        return String.format(Locale.ROOT, "rating %.2f", model.features().unscaleScore(cosine));
    }
}
