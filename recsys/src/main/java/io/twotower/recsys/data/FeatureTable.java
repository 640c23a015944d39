package io.twotower.recsys.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw feature columns for one kind of entity (users or items), immutable.
 *
 * <p>Cells are the raw strings from the file, one per entity index {@code 0..rows()-1}; an empty
 * string means "missing". Each column has a {@link ColumnKind}, inferred or declared in a schema.
 * The entity id column is not part of the table (it becomes the entity index).
 */
public final class FeatureTable {

    private final int rows;
    private final Map<String, String[]> cellsByColumn; // insertion order = file order
    private final Map<String, ColumnKind> kinds;

    /**
     * @param rows    number of entities
     * @param columns column name to cells (cells[entity]); each array must have {@code rows} cells
     * @param kinds   column name to kind, for exactly the same columns
     */
    public FeatureTable(int rows, Map<String, String[]> columns, Map<String, ColumnKind> kinds) {
        if (!columns.keySet().equals(kinds.keySet())) {
            throw new IllegalArgumentException("columns " + columns.keySet() + " and kinds " + kinds.keySet() + " differ");
        }
        this.rows = rows;
        this.cellsByColumn = new LinkedHashMap<>();
        this.kinds = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : columns.entrySet()) {
            if (e.getValue().length != rows) {
                throw new IllegalArgumentException("column " + e.getKey() + " has " + e.getValue().length
                        + " cells, expected " + rows);
            }
            cellsByColumn.put(e.getKey(), e.getValue().clone());
            this.kinds.put(e.getKey(), kinds.get(e.getKey()));
        }
    }

    /** A table with {@code rows} entities and no columns. */
    public static FeatureTable empty(int rows) {
        return new FeatureTable(rows, Map.of(), Map.of());
    }

    /** Number of entities (rows). */
    public int rows() {
        return rows;
    }

    /** Column names in file order. */
    public List<String> columnNames() {
        return Collections.unmodifiableList(new ArrayList<>(cellsByColumn.keySet()));
    }

    /** True if the table has this column. */
    public boolean hasColumn(String column) {
        return cellsByColumn.containsKey(column);
    }

    /** The kind of a column. */
    public ColumnKind kind(String column) {
        return kinds.get(check(column));
    }

    /** The raw cell of a column for one entity ("" when missing). */
    public String cell(String column, int entity) {
        return cellsByColumn.get(check(column))[entity];
    }

    /** A copy of one column's cells, indexed by entity. */
    public String[] column(String column) {
        return Arrays.copyOf(cellsByColumn.get(check(column)), rows);
    }

    private String check(String column) {
        if (!cellsByColumn.containsKey(column)) {
            throw new IllegalArgumentException("no column '" + column + "', columns are " + cellsByColumn.keySet());
        }
        return column;
    }
}
