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
import java.util.ArrayList;
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

    @Option(names = "--new-user", paramLabel = "NAME=VALUE,...",
            description = "Cold start: a user described only by feature values, e.g. --new-user "
                    + "'avg_rating=4.2,avg_rating:Comedy=4.8' (the names: see 'recsys inspect'; features not named are "
                    + "imputed as for a user without ratings). A value holding a comma goes in double quotes; the flag "
                    + "may be repeated.")
    List<String> newUser = new ArrayList<>();

    @Option(names = "--new-item", paramLabel = "NAME=VALUE,...",
            description = "A new item given by feature values, e.g. --new-item "
                    + "'title=\"American President, The (1995)\",genres=Comedy|Romance' (the year comes from the title): "
                    + "prints the users it suits best. Quotes and repetition as for --new-user.")
    List<String> newItem = new ArrayList<>();

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
        Map<String, String> userValues = NewEntityValues.parse("--new-user", newUser);
        Map<String, String> itemValues = NewEntityValues.parse("--new-item", newItem);
        TwoTowerModel model = modelOptions.load();
        Catalog catalog = model.catalog();
        Recommender recommender = new Recommender(model);
        PrintWriter out = spec.commandLine().getOut();
        if (user != null) {
            int u = Flags.userIndex(catalog, user);
            List<Recommender.Scored> ranked = recommender.forUser(u, k);
            out.printf("Top %d for user %s (%d items rated in training, not shown):%n", k, user, catalog.seenCount(u));
            print(out, ranked, "item");
        } else if (!userValues.isEmpty()) {
            NewEntityValues.check("--new-user", "user", userValues, model.features());
            List<Recommender.Scored> ranked = flagged("--new-user", () -> recommender.forNewUser(userValues, k));
            out.printf("Top %d for a new user with %s:%n", k, userValues);
            print(out, ranked, "item");
        } else {
            NewEntityValues.check("--new-item", "item", itemValues, model.features());
            List<Recommender.Scored> ranked = flagged("--new-item", () -> recommender.usersForNewItem(itemValues, k));
            out.printf("Top %d users for a new item with %s:%n", k, itemValues);
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
