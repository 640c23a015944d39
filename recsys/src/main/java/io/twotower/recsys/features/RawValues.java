package io.twotower.recsys.features;

import io.twotower.recsys.data.FeatureTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Helpers to assemble each entity's raw named values (table cells + training statistics). */
final class RawValues {

    private RawValues() {
    }

    /** The non-empty cells of one entity's table row, by column name. */
    static Map<String, String> cells(FeatureTable table, int entity) {
        Map<String, String> raw = new HashMap<>();
        for (String column : table.columnNames()) {
            String cell = table.cell(column, entity);
            if (!cell.isBlank()) {
                raw.put(column, cell);
            }
        }
        return raw;
    }

    /** Adds count and average under the statistic keys, for an entity with training ratings. */
    static void putStats(Map<String, String> raw, int count, double sum) {
        if (count > 0) {
            raw.put(InteractionStats.COUNT, Double.toString(count));
            raw.put(InteractionStats.AVERAGE, Double.toString(sum / count));
        }
    }

    /** The raw values of the entities that have at least one training rating: the fitting population. */
    static List<Map<String, String>> training(List<Map<String, String>> raws, int[] trainingCounts) {
        List<Map<String, String>> population = new ArrayList<>();
        for (int e = 0; e < raws.size(); e++) {
            if (trainingCounts[e] > 0) {
                population.add(raws.get(e));
            }
        }
        return population;
    }
}
