package io.twotower.recsys.app;

import io.twotower.recsys.data.ColumnKind;
import io.twotower.recsys.data.DataException;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.RatingRange;
import io.twotower.recsys.data.FeatureTable;
import io.twotower.recsys.data.MovieLensReader;
import io.twotower.recsys.data.SyntheticDataset;
import io.twotower.recsys.data.TableReader;
import io.twotower.recsys.eval.Interactions;
import io.twotower.recsys.model.Catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where datasets come from (a folder in one of two formats, or the synthetic generator) and views of them. */
public final class DataSource {
    /** The word that selects the built-in synthetic dataset instead of a folder. */
    public static final String SYNTHETIC = "synthetic";
    /** Size of the synthetic dataset: big enough to learn from, small enough to train in seconds. */
    static final int SYNTHETIC_USERS = 600;
    static final int SYNTHETIC_ITEMS = 1_000;
    static final int SYNTHETIC_PER_USER = 60;

    static final String RATING_RANGE_NOT_FOR_SYNTHETIC =
            "--rating-range applies to the table format (users.csv, items.csv) only; synthetic ratings are 0.5 to 5";

    private DataSource() {}

    /**
     * Loads --data: "synthetic", a MovieLens folder (ratings.csv + movies.csv) or a table folder
     * (users.csv + items.csv + interactions.csv or train.csv/test.csv). The format is detected from
     * the files present unless given.
     */
    public static Dataset load(String data, String format, Path schema, RatingRange ratingRange, long seed) {
        return load(data, "--data " + data, format, schema, ratingRange, seed);
    }

    /**
     * Loads data as {@link #load(String, String, Path, RatingRange, long)}, naming it in messages as {@code named}: the
     * flag and value ("--data mine"), or where the value came from when the user did not give it
     * ("data/ml-latest-small (the --data stored in the model; give --data)"). A path that is not a
     * folder is a command-line mistake (exit code 2), like a folder given as --model.
     */
    public static Dataset load(String data, String named, String format, Path schema, RatingRange ratingRange, long seed) {
        if (SYNTHETIC.equals(data)) {
            if (schema != null) throw new UsageException(MovieLensReader.SCHEMA_NOT_APPLICABLE);
            if (ratingRange != null) throw new UsageException(RATING_RANGE_NOT_FOR_SYNTHETIC);
            return SyntheticDataset.generate(seed, SYNTHETIC_USERS, SYNTHETIC_ITEMS, SYNTHETIC_PER_USER);
        }
        Path dir = Path.of(data);
        if (!Files.exists(dir)) {
            throw new UsageException(named + ": no such folder (expected a data folder, or 'synthetic')");
        }
        if (!Files.isDirectory(dir)) {
            throw new UsageException(named + " is a file; expected a data folder holding ratings.csv + movies.csv "
                    + "or users.csv + items.csv + interactions.csv");
        }
        String detected = format != null ? format
                : Files.exists(dir.resolve("ratings.csv")) ? "movielens"
                : Files.exists(dir.resolve("users.csv")) || Files.exists(dir.resolve("items.csv")) ? "table"
                : null;
        if (detected == null) {
            throw new DataException(dir.toString(), -1, null,
                    "no ratings.csv (MovieLens format) nor users.csv/items.csv (table format) in this folder");
        }
        if (detected.equals("movielens")) {
            // MovieLens' columns and scale are fixed: a schema or a range would be silently ignored otherwise.
            if (schema != null) throw new UsageException(MovieLensReader.SCHEMA_NOT_APPLICABLE);
            if (ratingRange != null) throw new UsageException(MovieLensReader.RATING_RANGE_NOT_APPLICABLE);
            if (Files.exists(dir.resolve("schema.csv"))) {
                throw new DataException(dir.resolve("schema.csv").toString(), -1, null, "expected no schema in a MovieLens "
                        + "folder (a schema sets column kinds of users.csv and items.csv, the table format); remove it");
            }
            return MovieLensReader.read(dir);
        }
        return TableReader.read(dir, schema, ratingRange);
    }

    /** The evaluator's columnar view of some rows of the dataset. */
    public static Interactions interactions(Dataset d, int[] rows) {
        int[] users = new int[rows.length];
        int[] items = new int[rows.length];
        float[] ratings = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            users[i] = d.user(rows[i]);
            items[i] = d.item(rows[i]);
            ratings[i] = d.rating(rows[i]);
        }
        return new Interactions(users, items, ratings, d.numUsers(), d.numItems());
    }

    /** Ids, labels, main group per item ({@link #mainGroups}) and the training items of every user, for the model file. */
    public static Catalog catalog(Dataset d, int[] trainRows) {
        String[] userIds = new String[d.numUsers()];
        for (int u = 0; u < userIds.length; u++) userIds[u] = d.userId(u);
        String[] itemIds = new String[d.numItems()];
        String[] labels = new String[d.numItems()];
        String[] groups = mainGroups(d.itemTable(), d.numItems());
        for (int i = 0; i < itemIds.length; i++) {
            itemIds[i] = d.itemId(i);
            labels[i] = d.itemLabel(i);
        }
        int[] users = new int[trainRows.length];
        int[] items = new int[trainRows.length];
        for (int r = 0; r < trainRows.length; r++) {
            users[r] = d.user(trainRows[r]);
            items[r] = d.item(trainRows[r]);
        }
        return Catalog.of(userIds, itemIds, labels, groups, users, items);
    }

    /** The column that best names an item's group: "genres" if present, else the first multi-valued or categorical. */
    private static String groupColumn(FeatureTable table) {
        if (table == null) return null;
        if (table.columnNames().contains("genres")) return "genres";
        for (String c : table.columnNames()) {
            ColumnKind kind = table.kind(c);
            if (kind == ColumnKind.MULTI_VALUED || kind == ColumnKind.CATEGORICAL) return c;
        }
        return null;
    }

    /**
     * Each item's main group, for the item map: of the values in its group cell (its genres), the one
     * the fewest items of the catalogue have, i.e. its most specific one (ties: alphabetical). An item
     * listed as "Comedy|Drama|Romance" is a romance, "Action|Adventure|Sci-Fi" science fiction, and
     * "Drama" alone a drama. (The first value would do no better than alphabetical order, which is how
     * MovieLens lists genres: "Action" would win over "Sci-Fi" and "Comedy" over "Romance" every time.)
     * Items without a value are "(none)"; without a group column every group is "".
     */
    static String[] mainGroups(FeatureTable table, int numItems) {
        String[] groups = new String[numItems];
        String column = groupColumn(table);
        if (column == null) {
            Arrays.fill(groups, "");
            return groups;
        }
        List<List<String>> values = new ArrayList<>(numItems);
        Map<String, Integer> itemsWith = new HashMap<>();
        for (int i = 0; i < numItems; i++) {
            List<String> v = groupValues(table.cell(column, i));
            values.add(v);
            for (String g : v) itemsWith.merge(g, 1, Integer::sum);
        }
        Comparator<String> rarestFirst = Comparator.comparing((String g) -> itemsWith.get(g)).thenComparing(g -> g);
        for (int i = 0; i < numItems; i++) {
            groups[i] = values.get(i).stream().min(rarestFirst).orElse("(none)");
        }
        return groups;
    }

    /** The distinct values of a '|'-separated cell, without blanks and MovieLens' "(no genres listed)". */
    private static List<String> groupValues(String cell) {
        List<String> values = new ArrayList<>();
        if (cell == null) return values;
        for (String piece : cell.split("\\|")) {
            String v = piece.trim();
            if (!v.isEmpty() && !v.equals("(no genres listed)") && !values.contains(v)) values.add(v);
        }
        return values;
    }
}
