package io.twotower.recsys.app;

import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.Split;
import io.twotower.recsys.data.Splits;
import io.twotower.recsys.eval.BiasBaseline;
import io.twotower.recsys.eval.EvalOptions;
import io.twotower.recsys.eval.Evaluator;
import io.twotower.recsys.eval.GlobalMeanBaseline;
import io.twotower.recsys.eval.Interactions;
import io.twotower.recsys.eval.MetricSet;
import io.twotower.recsys.eval.MetricsTable;
import io.twotower.recsys.eval.PopularityBaseline;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.recommend.Recommender;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The model and three baselines, fitted on the same training part, measured on the same test part. */
public final class Evaluation {

    /** Metrics of the model and of each baseline ("global_mean", "bias", "popular"). */
    public record Report(MetricSet model, Map<String, MetricSet> baselines, int testSize, EvalOptions options) {
        /** The side-by-side table, model first. */
        public String table() {
            Map<String, MetricSet> rows = new LinkedHashMap<>();
            rows.put("two-tower", model);
            rows.putAll(baselines);
            return String.format(Locale.ROOT, "Test metrics (%,d held-out interactions, K = %d, relevant = rating >= %s):%n",
                    testSize, options.k(), options.relevanceThreshold()) + MetricsTable.render(rows);
        }
    }

    private Evaluation() {}

    /** The held-out split a model was trained with, made again from its settings (same seed, same split). */
    public static Split split(Dataset dataset, String kind, double testFraction, long seed) {
        if (dataset.hasPredefinedSplit()) return Splits.predefined(dataset);
        return kind.equals("temporal") ? Splits.temporalHoldout(dataset, testFraction)
                : Splits.randomHoldout(dataset, testFraction, seed);
    }

    /**
     * A relevance threshold above every rating of the data would make every ranking metric 0: a mistake,
     * named as the --relevant flag.
     */
    public static void requireReachable(float relevant, Dataset dataset) {
        if (relevant > dataset.maxRating()) {
            throw new UsageException("--relevant " + TrainJob.plain(relevant) + ": no rating reaches it ("
                    + ratingRange(dataset) + "), so no test item would be relevant");
        }
    }

    /** "the ratings run from 0.5 to 5", for messages. */
    static String ratingRange(Dataset dataset) {
        return "the ratings run from " + TrainJob.plain(dataset.minRating()) + " to " + TrainJob.plain(dataset.maxRating());
    }

    public static Report run(TwoTowerModel model, Recommender recommender, Dataset dataset, Split split, EvalOptions options) {
        Interactions train = DataSource.interactions(dataset, split.train());
        Interactions test = DataSource.interactions(dataset, split.test());
        MetricSet modelMetrics = Evaluator.evaluate(new ModelScorer(recommender, model).forEvaluation(), train, test, options);
        Map<String, MetricSet> baselines = new LinkedHashMap<>();
        baselines.put("global_mean", Evaluator.evaluate(GlobalMeanBaseline.fit(train), train, test, options));
        baselines.put("bias", Evaluator.evaluate(BiasBaseline.fit(train), train, test, options));
        baselines.put("popular", Evaluator.evaluate(PopularityBaseline.fit(train), train, test, options));
        return new Report(modelMetrics, baselines, test.size(), options);
    }
}
