package io.twotower.recsys.app;

import io.twotower.recsys.data.ColumnKind;
import io.twotower.recsys.data.FeatureTable;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class DataSourceTest {

    private static FeatureTable genres(String... cells) {
        Map<String, String[]> columns = new LinkedHashMap<>();
        columns.put("genres", cells);
        return new FeatureTable(cells.length, columns, Map.of("genres", ColumnKind.MULTI_VALUED));
    }

    /**
     * Counts over these six items: Drama 4, Comedy 3, Romance 2, Action 1, Sci-Fi 1. Each item's main
     * group is its rarest genre: Comedy|Drama|Romance -> Romance (2 < 3 < 4); Drama -> Drama;
     * Comedy|Drama -> Comedy (3 < 4); Action|Sci-Fi -> Action (1 = 1, alphabetical); Drama|Romance ->
     * Romance; an empty cell (MovieLens' "(no genres listed)") -> (none).
     */
    @Test
    void mainGroupIsTheRarestValueOfTheItem() {
        FeatureTable table = genres("Comedy|Drama|Romance", "Drama", "Comedy|Drama", "Action|Sci-Fi", "Drama|Romance|Comedy", "");
        assertArrayEquals(new String[] {"Romance", "Drama", "Comedy", "Action", "Romance", "(none)"},
                DataSource.mainGroups(table, 6));
    }

    /** "(no genres listed)" counts as no value; with no group column at all every group is "". */
    @Test
    void itemsWithoutAValueAndTablesWithoutAGroupColumn() {
        assertArrayEquals(new String[] {"(none)", "Horror"}, DataSource.mainGroups(genres("(no genres listed)", "Horror"), 2));
        assertArrayEquals(new String[] {"", ""}, DataSource.mainGroups(null, 2));
        FeatureTable numeric = new FeatureTable(2, Map.of("price", new String[] {"1", "2"}), Map.of("price", ColumnKind.NUMERIC));
        assertArrayEquals(new String[] {"", ""}, DataSource.mainGroups(numeric, 2));
    }
}
