package io.twotower.recsys.cli;

import io.twotower.recsys.app.UsageException;
import io.twotower.recsys.model.Catalog;
import io.twotower.recsys.model.TwoTowerModel;
import io.twotower.recsys.recommend.Recommender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "similar", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The items whose vectors are nearest (highest cosine) to an item's vector.")
final class SimilarCommand implements Callable<Integer>, CommonOptions.Holder {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common = new CommonOptions();
    @Mixin ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--item", paramLabel = "ID", required = true, description = "An item id from the training data.")
    String item;

    @Option(names = "--k", paramLabel = "N", defaultValue = "10", description = "How many (default ${DEFAULT-VALUE}).")
    int k;

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() throws Exception {
        common.apply();
        Flags.inRange("--k", k, 1, 10_000);
        TwoTowerModel model = modelOptions.load();
        Catalog catalog = model.catalog();
        int i = Flags.itemIndex(catalog, item);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Most similar to %s (%s):%n", item, catalog.itemLabel(i));
        RecommendCommand.print(out, new Recommender(model).similarItems(i, k), "item");
        out.flush();
        return 0;
    }
}
