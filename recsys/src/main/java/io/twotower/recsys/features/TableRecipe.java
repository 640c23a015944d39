package io.twotower.recsys.features;

import io.twotower.recsys.data.DataException;
import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.FeatureTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Features of a table-format dataset, by column kind:
 *
 * <ul>
 *   <li>NUMERIC: standardised; empty cells take the mean, and a {@code <col>_missing} flag column
 *       is added when any cell of the column is empty;</li>
 *   <li>CATEGORICAL: one-hot over the values of training entities plus {@code <col>=<other>};</li>
 *   <li>MULTI_VALUED: multi-hot the same way;</li>
 *   <li>LABEL and DROPPED: no feature (accepted but ignored as cold-start keys);</li>
 *   <li>with {@link FeatureOptions#interactionStats()}: {@code rating_count} and
 *       {@code avg_rating} from training rows (0 and the global training mean without any).</li>
 * </ul>
 *
 * <p>"Training entities" are those with at least one training rating: all statistics (means, stds,
 * vocabularies) come from them.
 */
final class TableRecipe {

    private TableRecipe() {
    }

    /** Fits both sides; returns {users, items}. */
    static EntityFeatures[] fit(Dataset d, int[] trainRows, FeatureOptions options) {
        InteractionStats stats = new InteractionStats(d, trainRows, null, 0);
        return new EntityFeatures[] {
            side("user", "users.csv", d.userTable(), stats.userCount, stats.userSum, stats.globalMean, options),
            side("item", "items.csv", d.itemTable(), stats.itemCount, stats.itemSum, stats.globalMean, options)
        };
    }

    private static EntityFeatures side(String entity, String file, FeatureTable table, int[] counts, double[] sums,
                                       double globalMean, FeatureOptions options) {
        List<Map<String, String>> raws = new ArrayList<>();
        for (int e = 0; e < table.rows(); e++) {
            Map<String, String> raw = RawValues.cells(table, e);
            if (options.interactionStats()) {
                RawValues.putStats(raw, counts[e], sums[e]);
            }
            raws.add(raw);
        }
        List<Map<String, String>> training = RawValues.training(raws, counts);
        List<FeatureEncoder> encoders = new ArrayList<>();
        Set<String> ignored = new LinkedHashSet<>();
        for (String column : table.columnNames()) {
            if (options.interactionStats()
                    && (column.equals(InteractionStats.COUNT) || column.equals(InteractionStats.AVERAGE))) {
                throw new DataException(file, 1, DataException.printable(column), "expected a column name other than '"
                        + DataException.printable(column) + "', which is reserved for the interaction statistics");
            }
            switch (table.kind(column)) {
                case NUMERIC -> encoders.add(NumericEncoder.fit(column, null, Double.NaN, hasEmptyCell(table, column),
                        training, file));
                case CATEGORICAL -> encoders.add(OneHotEncoder.fit(column, training));
                case MULTI_VALUED -> encoders.add(MultiHotEncoder.fit(column, training));
                case LABEL, DROPPED -> ignored.add(column);
            }
        }
        if (options.interactionStats()) {
            encoders.add(NumericEncoder.fit(InteractionStats.COUNT, null, 0, false, training, file));
            encoders.add(NumericEncoder.fit(InteractionStats.AVERAGE, null, globalMean, false, training, file));
        }
        requireDistinctNames(file, encoders);
        return EntityFeatures.build(entity, encoders, ignored, raws);
    }

    /**
     * Feature names are how a model names its inputs (in {@code inspect}, {@code explain}, cold
     * start), so two inputs may not share one. Columns can make them collide: a numeric column
     * {@code age} with empty cells adds {@code age_missing}, which a column of that name also gives;
     * a category literally called {@code <other>} meets the slot for unseen values.
     *
     * @throws DataException naming the file and the column whose feature came second
     */
    private static void requireDistinctNames(String file, List<FeatureEncoder> encoders) {
        Map<String, String> columnOf = new HashMap<>(); // feature name -> the column that made it
        for (FeatureEncoder encoder : encoders) {
            for (String name : encoder.outputNames()) {
                String earlier = columnOf.putIfAbsent(name, encoder.key());
                if (earlier == null) {
                    continue;
                }
                if (earlier.equals(encoder.key())) { // a value whose feature is named like the other slot's
                    throw new DataException(file, -1, DataException.printable(encoder.key()), "expected values other than '"
                            + OneHotEncoder.OTHER + "', the name of the slot for values unseen in training, got '"
                            + OneHotEncoder.OTHER + "' as a value");
                }
                throw new DataException(file, 1, DataException.printable(encoder.key()), "expected a column whose "
                        + "features are named apart from the others, got the feature '" + DataException.printable(name)
                        + "', which column " + DataException.printable(earlier) + " also makes; rename one of the two columns");
            }
        }
    }

    private static boolean hasEmptyCell(FeatureTable table, String column) {
        for (int e = 0; e < table.rows(); e++) {
            if (table.cell(column, e).isBlank()) {
                return true;
            }
        }
        return false;
    }
}
