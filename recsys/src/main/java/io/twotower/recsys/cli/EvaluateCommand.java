package io.twotower.recsys.cli;

import io.twotower.recsys.app.UsageException;
import io.twotower.recsys.app.DataSource;
import io.twotower.recsys.app.Evaluation;
import io.twotower.recsys.app.OutputFiles;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.Split;
import io.twotower.recsys.eval.EvalOptions;
import io.twotower.recsys.eval.MetricsJson;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.recommend.Recommender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluates a saved model on the held-out part of its data (the same split it was trained "
                + "with, made again from the seed stored in the model), next to the baselines.")
final class EvaluateCommand implements Callable<Integer>, CommonOptions.Holder {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common = new CommonOptions();
    @Mixin ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--data", paramLabel = "DIR", description = "The data folder the model was trained on (default: the one stored in the model).")
    String data;

    @Option(names = "--format", paramLabel = "FORMAT", description = "movielens or table (default: detected).")
    String format;

    @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "K of the ranking metrics (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--relevant", paramLabel = "R", defaultValue = "4.0", description = "Relevant = test rating >= R (default ${DEFAULT-VALUE}).")
    float relevant;

    @Option(names = "--metrics-json", paramLabel = "FILE", description = "Also write the metrics as JSON.")
    Path metricsJson;

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() throws Exception {
        common.apply();
        Flags.inRange("--k", k, 1, 10_000);
        if (!Float.isFinite(relevant)) throw new UsageException("--relevant must be a finite number, got " + relevant);
        if (metricsJson != null) OutputFiles.prepare("--metrics-json", metricsJson, "metrics.json");
        TwoTowerModel model = modelOptions.load();
        Map<String, String> info = model.info();
        String dataDir = data != null ? data : info.get("data");
        if (dataDir == null) throw new UsageException("--data is required: the model does not record its data folder");
        // A path stored in the model may be relative to where the training ran: say where it came from.
        String named = data != null ? "--data " + data : dataDir + " (the --data stored in the model; give --data)";
        long seed = Long.parseLong(info.getOrDefault("seed", "42"));
        Dataset dataset = DataSource.load(dataDir, named, format, null, null, seed);
        requireSameCatalog(model.catalog(), dataset, named);
        Evaluation.requireReachable(relevant, dataset);
        Split split = Evaluation.split(dataset, info.getOrDefault("split", "random"),
                Double.parseDouble(info.getOrDefault("test_fraction", "0.2")), seed);
        Evaluation.Report report = Evaluation.run(model, new Recommender(model), dataset, split,
                EvalOptions.defaults().withK(k).withRelevanceThreshold(relevant));
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.table());
        if (metricsJson != null) {
            // Nothing was trained here: the training fields are unknown, not zero.
            String json = MetricsJson.toJson(report.model(), report.baselines(), null, null, null, Map.of());
            OutputFiles.write("--metrics-json", metricsJson, OutputFiles.text(json));
            out.println("Metrics written to " + metricsJson);
        }
        out.flush();
        return 0;
    }

    /** Indices in the model must mean the same users and items as in the data. */
    private static void requireSameCatalog(Catalog catalog, Dataset dataset, String named) {
        boolean same = catalog.numUsers() == dataset.numUsers() && catalog.numItems() == dataset.numItems();
        for (int u = 0; same && u < catalog.numUsers(); u++) same = catalog.userId(u).equals(dataset.userId(u));
        for (int i = 0; same && i < catalog.numItems(); i++) same = catalog.itemId(i).equals(dataset.itemId(i));
        if (!same) {
            throw new UsageException(named + " is not the dataset this model was trained on ("
                    + dataset.numUsers() + " users and " + dataset.numItems() + " items here, "
                    + catalog.numUsers() + " and " + catalog.numItems() + " in the model)");
        }
    }
}
