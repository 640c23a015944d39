package io.twotower.recsys.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a dataset in the generic table format: a directory with
 *
 * <ul>
 *   <li>{@code users.csv} and {@code items.csv}: first column the id, the other columns features;</li>
 *   <li>either {@code interactions.csv}, or {@code train.csv} + {@code test.csv} (a predefined split),
 *       with the header {@code user_id,item_id,rating} or {@code user_id,item_id,rating,timestamp};</li>
 *   <li>optionally a schema, {@code file,column,kind} rows with kind one of
 *       {@code numeric|categorical|multi|label|drop}, overriding the inferred kinds.</li>
 * </ul>
 *
 * <p>Column kinds are inferred by {@link #inferKind(String[])}. Every user and item named by an
 * interaction must have a feature row. The rating range is the observed one.
 */
public final class TableReader {

    /** Columns with more than this many filled cells can be LABELs. */
    static final int LABEL_MIN_ROWS = 20;
    /** Share of distinct values from which a string column is a LABEL. */
    static final double LABEL_MIN_DISTINCT = 0.9;

    private TableReader() {
    }

    /**
     * Reads the directory.
     *
     * @param dir          the dataset directory
     * @param schemaOrNull a schema file; when null, {@code dir/schema.csv} is used if it exists
     * @throws DataException naming file, line and column for any malformed input
     */
    public static Dataset read(Path dir, Path schemaOrNull) {
        CsvFile usersFile = CsvFile.read(dir.resolve("users.csv"));
        CsvFile itemsFile = CsvFile.read(dir.resolve("items.csv"));
        Path schemaPath = schemaOrNull != null ? schemaOrNull
                : Files.exists(dir.resolve("schema.csv")) ? dir.resolve("schema.csv") : null;
        Map<String, Map<String, ColumnKind>> declared = schemaPath == null ? Map.of()
                : readSchema(CsvFile.read(schemaPath), usersFile, itemsFile);

        String[] userIds = ids(usersFile);
        String[] itemIds = ids(itemsFile);
        FeatureTable userTable = table(usersFile, declared.getOrDefault(usersFile.name(), Map.of()));
        FeatureTable itemTable = table(itemsFile, declared.getOrDefault(itemsFile.name(), Map.of()));
        Map<String, Integer> userIndex = indexOf(userIds);
        Map<String, Integer> itemIndex = indexOf(itemIds);

        boolean single = Files.exists(dir.resolve("interactions.csv"));
        boolean pair = Files.exists(dir.resolve("train.csv")) || Files.exists(dir.resolve("test.csv"));
        if (single && pair) {
            throw new DataException("interactions.csv", -1, null,
                    "expected either interactions.csv or train.csv + test.csv, got both");
        }
        if (!single && !pair) {
            throw new DataException("interactions.csv", -1, null,
                    "expected interactions.csv (or train.csv + test.csv) in " + dir + ", found none");
        }
        List<CsvFile> parts = single ? List.of(CsvFile.read(dir.resolve("interactions.csv")))
                : List.of(CsvFile.read(dir.resolve("train.csv")), CsvFile.read(dir.resolve("test.csv")));
        boolean timestamps = checkInteractionHeader(parts.get(0));
        for (CsvFile part : parts) {
            if (checkInteractionHeader(part) != timestamps) {
                throw new DataException(part.name(), 1, null, "expected the same columns as "
                        + parts.get(0).name() + " (" + CsvFile.shorten(String.join(",", parts.get(0).header())) + ")");
            }
        }
        int n = parts.stream().mapToInt(CsvFile::size).sum();
        int[] users = new int[n];
        int[] items = new int[n];
        float[] ratings = new float[n];
        long[] times = timestamps ? new long[n] : null;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        int row = 0;
        for (CsvFile part : parts) {
            for (int r = 0; r < part.size(); r++, row++) {
                users[row] = lookup(part, r, 0, userIndex, usersFile.name());
                items[row] = lookup(part, r, 1, itemIndex, itemsFile.name());
                ratings[row] = (float) part.number(r, 2);
                min = Math.min(min, ratings[row]);
                max = Math.max(max, ratings[row]);
                if (timestamps) {
                    times[row] = part.integer(r, 3);
                }
            }
        }
        if (n == 0) {
            CsvFile first = parts.get(0);
            throw new DataException(first.name(), -1, null, "expected at least one interaction, got none");
        }
        String name = dir.toAbsolutePath().normalize().getFileName() == null ? "table"
                : dir.toAbsolutePath().normalize().getFileName().toString();
        return new Dataset(name, Dataset.Format.TABLE, userIds, itemIds, labels(itemIds, itemTable),
                userTable, itemTable, users, items, ratings, times, min, max, false,
                single ? -1 : parts.get(0).size());
    }

    /**
     * Infers the kind of a raw column from its cells (empty cells are "missing" and ignored):
     * all numbers -> NUMERIC; any cell holding '|' -> MULTI_VALUED; more than {@value #LABEL_MIN_ROWS}
     * filled cells of which at least 90% are distinct -> LABEL; otherwise CATEGORICAL. A column with
     * no filled cell is DROPPED. "NaN"/"Infinity" count as numbers here (and are then rejected).
     */
    public static ColumnKind inferKind(String[] cells) {
        List<String> filled = new ArrayList<>();
        for (String c : cells) {
            if (!c.isBlank()) {
                filled.add(c.trim());
            }
        }
        if (filled.isEmpty()) {
            return ColumnKind.DROPPED;
        }
        if (filled.stream().allMatch(c -> CsvFile.isDecimal(c) || CsvFile.isNonFinite(c))) {
            return ColumnKind.NUMERIC;
        }
        if (filled.stream().anyMatch(c -> c.indexOf('|') >= 0)) {
            return ColumnKind.MULTI_VALUED;
        }
        Set<String> distinct = new HashSet<>(filled);
        if (filled.size() > LABEL_MIN_ROWS && distinct.size() >= LABEL_MIN_DISTINCT * filled.size()) {
            return ColumnKind.LABEL;
        }
        return ColumnKind.CATEGORICAL;
    }

    private static String[] ids(CsvFile file) {
        String[] ids = new String[file.size()];
        Map<String, Integer> seen = new HashMap<>();
        for (int r = 0; r < ids.length; r++) {
            String id = file.cell(r, 0).trim();
            if (id.isEmpty()) {
                throw file.error(r, 0, "expected an id, got an empty cell");
            }
            Integer first = seen.putIfAbsent(id, r);
            if (first != null) {
                throw file.error(r, 0, "expected unique ids, got '" + CsvFile.shorten(id) + "' again (first on line "
                        + file.line(first) + ")");
            }
            ids[r] = id;
        }
        if (ids.length == 0) {
            throw new DataException(file.name(), -1, null, "expected at least one row after the header, got none");
        }
        return ids;
    }

    /** Builds the feature table from all columns but the first, with declared or inferred kinds. */
    private static FeatureTable table(CsvFile file, Map<String, ColumnKind> declared) {
        Map<String, String[]> columns = new LinkedHashMap<>();
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        for (int c = 1; c < file.header().size(); c++) {
            String column = file.header().get(c);
            String[] cells = new String[file.size()];
            for (int r = 0; r < cells.length; r++) {
                cells[r] = file.cell(r, c).trim();
            }
            ColumnKind kind = declared.getOrDefault(column, inferKind(cells));
            if (kind == ColumnKind.NUMERIC) {
                for (int r = 0; r < cells.length; r++) {
                    if (!cells[r].isEmpty()) {
                        file.number(r, c); // throws naming line and column if not a finite number
                    }
                }
            }
            columns.put(column, cells);
            kinds.put(column, kind);
        }
        return new FeatureTable(file.size(), columns, kinds);
    }

    /** Reads {@code file,column,kind} rows into file name -> column -> kind. */
    private static Map<String, Map<String, ColumnKind>> readSchema(CsvFile schema, CsvFile users, CsvFile items) {
        schema.requireHeader("file", "column", "kind");
        Map<String, Map<String, ColumnKind>> declared = new HashMap<>();
        for (int r = 0; r < schema.size(); r++) {
            String fileName = schema.cell(r, 0).trim();
            CsvFile target = fileName.equals(users.name()) ? users : fileName.equals(items.name()) ? items : null;
            if (target == null) {
                throw schema.error(r, 0, "expected users.csv or items.csv, got '" + CsvFile.shorten(fileName) + "'");
            }
            String column = schema.cell(r, 1).trim();
            int c = target.header().indexOf(column);
            if (c < 1) {
                throw schema.error(r, 1, "expected a feature column of " + fileName + " "
                        + CsvFile.shorten(target.header().subList(1, target.header().size()).toString()) + ", got '" + CsvFile.shorten(column) + "'");
            }
            ColumnKind kind = ColumnKind.fromSchemaName(schema.cell(r, 2));
            if (kind == null) {
                throw schema.error(r, 2, "expected numeric, categorical, multi, label or drop, got '"
                        + CsvFile.shorten(schema.cell(r, 2)) + "'");
            }
            declared.computeIfAbsent(fileName, f -> new HashMap<>()).put(column, kind);
        }
        return declared;
    }

    /** Checks an interactions header; returns whether it has the timestamp column. */
    private static boolean checkInteractionHeader(CsvFile file) {
        if (file.header().size() == 4) {
            file.requireHeader("user_id", "item_id", "rating", "timestamp");
            return true;
        }
        file.requireHeader("user_id", "item_id", "rating");
        return false;
    }

    private static int lookup(CsvFile file, int r, int c, Map<String, Integer> index, String table) {
        Integer i = index.get(file.cell(r, c).trim());
        if (i == null) {
            throw file.error(r, c, "expected an id listed in " + table + ", got '" + CsvFile.shorten(file.cell(r, c)) + "'");
        }
        return i;
    }

    private static Map<String, Integer> indexOf(String[] ids) {
        Map<String, Integer> index = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            index.put(ids[i], i);
        }
        return index;
    }

    /** Item labels: the first LABEL column when there is one (empty cells fall back to the id). */
    private static String[] labels(String[] itemIds, FeatureTable items) {
        String[] labels = itemIds.clone();
        for (String column : items.columnNames()) {
            if (items.kind(column) == ColumnKind.LABEL) {
                for (int i = 0; i < labels.length; i++) {
                    if (!items.cell(column, i).isEmpty()) {
                        labels[i] = items.cell(column, i);
                    }
                }
                break;
            }
        }
        return labels;
    }
}
