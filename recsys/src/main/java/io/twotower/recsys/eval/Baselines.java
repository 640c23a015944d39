package io.twotower.recsys.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/** Fits the three baselines on the training set and evaluates them on the same split as the model. */
public final class Baselines {
    private Baselines() {}

    /** Names used as keys in the metrics table and the metrics JSON. */
    public static final String GLOBAL_MEAN = "global_mean";
    public static final String BIAS = "bias";
    public static final String POPULAR = "popular";

    /**
     * Fits {@link GlobalMeanBaseline}, {@link BiasBaseline} (defaults) and {@link PopularityBaseline}
     * on {@code train} and evaluates each on {@code test}.
     *
     * @return metrics under the keys "global_mean", "bias", "popular", in that order
     */
    public static Map<String, MetricSet> evaluateAll(Interactions train, Interactions test, EvalOptions options) {
        Map<String, MetricSet> results = new LinkedHashMap<>();
        results.put(GLOBAL_MEAN, Evaluator.evaluate(GlobalMeanBaseline.fit(train), train, test, options));
        results.put(BIAS, Evaluator.evaluate(BiasBaseline.fit(train), train, test, options));
        results.put(POPULAR, Evaluator.evaluate(PopularityBaseline.fit(train), train, test, options));
        return results;
    }
}
