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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Top-K items for a known user (items rated in training left out), for a new user given "
                + "by feature values (cold start), or the users most likely to enjoy a new item.")
final class RecommendCommand implements Callable<Integer>, CommonOptions.Holder {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common = new CommonOptions();
    @Mixin ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--user", paramLabel = "ID", description = "A user id from the training data.")
    String user;

    @Option(names = "--new-user", paramLabel = "NAME=VALUE", split = ",",
            description = "Cold start: a user described only by feature values, e.g. avg_rating=4.2,avg_Comedy=4.8 "
                    + "(see 'recsys inspect' or the README for the names; unnamed features are imputed).")
    Map<String, String> newUser = new LinkedHashMap<>();

    @Option(names = "--new-item", paramLabel = "NAME=VALUE", split = ",",
            description = "A new item given by feature values, e.g. year=2015,genres=Comedy|Romance: prints the users it suits best.")
    Map<String, String> newItem = new LinkedHashMap<>();

    @Option(names = "--k", paramLabel = "N", defaultValue = "10", description = "How many (default ${DEFAULT-VALUE}).")
    int k;

    @Override
    public CommonOptions common() {
        return common;
    }

    @Override
    public Integer call() throws Exception {
        common.apply();
        int chosen = (user != null ? 1 : 0) + (newUser.isEmpty() ? 0 : 1) + (newItem.isEmpty() ? 0 : 1);
        if (chosen != 1) throw new UsageException("give exactly one of --user ID, --new-user NAME=VALUE,... or --new-item NAME=VALUE,...");
        Flags.inRange("--k", k, 1, 10_000);
        TwoTowerModel model = modelOptions.load();
        Catalog catalog = model.catalog();
        Recommender recommender = new Recommender(model);
        PrintWriter out = spec.commandLine().getOut();
        if (user != null) {
            int u = Flags.userIndex(catalog, user);
            List<Recommender.Scored> ranked = recommender.forUser(u, k);
            out.printf("Top %d for user %s (%d items rated in training, not shown):%n", k, user, catalog.seenCount(u));
            print(out, ranked, "item");
        } else if (!newUser.isEmpty()) {
            List<Recommender.Scored> ranked = flagged("--new-user", () -> recommender.forNewUser(newUser, k));
            out.printf("Top %d for a new user with %s:%n", k, newUser);
            print(out, ranked, "item");
        } else {
            List<Recommender.Scored> ranked = flagged("--new-item", () -> recommender.usersForNewItem(newItem, k));
            out.printf("Top %d users for a new item with %s:%n", k, newItem);
            print(out, ranked, "user");
        }
        out.flush();
        return 0;
    }

    /** A bad feature name or value given on the command line is a flag mistake: name the flag, exit 2. */
    private static List<Recommender.Scored> flagged(String flag, java.util.function.Supplier<List<Recommender.Scored>> query) {
        try {
            return query.get();
        } catch (io.twotower.recsys.data.DataException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }

    static void print(PrintWriter out, List<Recommender.Scored> ranked, String what) {
        out.printf("  %4s  %7s  %-10s  %s%n", "rank", "score", what + " id", "label");
        int rank = 1;
        for (Recommender.Scored r : ranked) {
            out.printf(Locale.ROOT, "  %4d  %7.4f  %-10s  %s%n", rank++, r.score(), r.id(), r.label());
        }
    }
}
