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
 * interaction must have a feature row, and a user rates an item at most once. The rating range is
 * the declared one when given (a rating outside it is an error), else the observed one.
 */
public final class TableReader {

    /** Columns with more than this many filled cells can be LABELs. */
    static final int LABEL_MIN_ROWS = 20;
    /** Share of distinct values from which a string column is a LABEL. */
    static final double LABEL_MIN_DISTINCT = 0.9;
    /** Percentage of filled cells that must be numbers for a column to be NUMERIC. */
    static final int NUMERIC_MIN_PERCENT = 90;
    /** Percentage of filled cells that must list several values for a column to be MULTI_VALUED. */
    static final int MULTI_MIN_LIST_PERCENT = 10;
    /** Percentage of filled cells that must share a value with another cell for a column to be MULTI_VALUED. */
    static final int MULTI_MIN_SHARING_PERCENT = 50;

    private TableReader() {
    }

    /**
     * Reads the directory, with the rating range observed in the data.
     *
     * @param dir          the dataset directory
     * @param schemaOrNull a schema file; when null, {@code dir/schema.csv} is used if it exists
     * @throws DataException naming file, line and column for any malformed input
     */
    public static Dataset read(Path dir, Path schemaOrNull) {
        return read(dir, schemaOrNull, null);
    }

    /**
     * Reads the directory.
     *
     * @param dir            the dataset directory
     * @param schemaOrNull   a schema file; when null, {@code dir/schema.csv} is used if it exists
     * @param declaredOrNull the rating scale: every rating must lie in it, and it becomes the
     *                       dataset's declared range; when null, the range is observed, and only
     *                       required to span at most the float range
     * @throws DataException naming file, line and column for any malformed input
     */
    public static Dataset read(Path dir, Path schemaOrNull, RatingRange declaredOrNull) {
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
            // An empty train.csv leaves nothing to learn from, an empty test.csv nothing to evaluate on.
            if (part.size() == 0) {
                throw new DataException(part.name(), -1, null, "expected at least one interaction, got none");
            }
        }
        int n = parts.stream().mapToInt(CsvFile::size).sum();
        int[] users = new int[n];
        int[] items = new int[n];
        float[] ratings = new float[n];
        long[] times = timestamps ? new long[n] : null;
        Extremes extremes = new Extremes();
        int row = 0;
        for (CsvFile part : parts) {
            for (int r = 0; r < part.size(); r++, row++) {
                users[row] = lookup(part, r, 0, userIndex, usersFile.name());
                items[row] = lookup(part, r, 1, itemIndex, itemsFile.name());
                double rating = declaredOrNull != null ? part.rating(r, 2, declaredOrNull) : part.number(r, 2);
                extremes.add(rating, part, r);
                ratings[row] = (float) rating;
                if (timestamps) {
                    times[row] = part.integer(r, 3);
                }
            }
        }
        int[] repeat = DuplicateRatings.first(users, items, itemIds.length);
        if (repeat != null) {
            Where earlier = where(parts, repeat[0]);
            Where later = where(parts, repeat[1]);
            throw new DataException(later.file().name(), later.line(), null, "expected one rating per user and item, "
                    + "got a second rating by user " + CsvFile.shorten(userIds[users[repeat[1]]]) + " of item "
                    + CsvFile.shorten(itemIds[items[repeat[1]]]) + " (the first is on "
                    + (earlier.file() == later.file() ? "" : earlier.file().name() + " ") + "line " + earlier.line() + ")");
        }
        String name = dir.toAbsolutePath().normalize().getFileName() == null ? "table"
                : dir.toAbsolutePath().normalize().getFileName().toString();
        float min = (float) (declaredOrNull != null ? declaredOrNull.min() : extremes.min);
        float max = (float) (declaredOrNull != null ? declaredOrNull.max() : extremes.max);
        return new Dataset(name, Dataset.Format.TABLE, userIds, itemIds, labels(itemIds, itemTable),
                userTable, itemTable, users, items, ratings, times, min, max, declaredOrNull != null,
                single ? -1 : parts.get(0).size());
    }

    /**
     * The lowest and highest rating read so far and where they are. Without a declared range the
     * observed one scales the targets by {@code 2 (r - min) / (max - min) - 1} in float, so its span
     * may be at most {@link RatingRange#MAX_SPAN}: ratings of 3e38 and -3e38 are each a float, but
     * their difference is not, and would turn every target into NaN; 3e38 and 1 span a float, but
     * twice that span does not, and their targets would be infinite.
     */
    private static final class Extremes {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        private CsvFile minFile;
        private int minRecord;
        private CsvFile maxFile;
        private int maxRecord;

        /** Takes a rating of {@code file}, or throws naming its line when the span grows too wide. */
        void add(double rating, CsvFile file, int record) {
            if (rating < min) {
                min = rating;
                minFile = file;
                minRecord = record;
            }
            if (rating > max) {
                max = rating;
                maxFile = file;
                maxRecord = record;
            }
            if (max - min > RatingRange.MAX_SPAN) { // in double: the subtraction itself cannot overflow
                // this rating is one end of the span; the message names the other end's line too
                boolean isMax = file == maxFile && record == maxRecord;
                CsvFile otherFile = isMax ? minFile : maxFile;
                int other = isMax ? minRecord : maxRecord;
                String here = CsvFile.shorten(file.cell(record, 2).trim());
                String there = CsvFile.shorten(otherFile.cell(other, 2).trim());
                throw file.error(record, 2, "expected ratings spanning at most 1.7e38 from lowest to highest "
                        + "(scaling them doubles the span, in float), got " + here + " here and " + there + " on "
                        + (otherFile == file ? "" : otherFile.name() + " ") + "line " + otherFile.line(other));
            }
        }
    }

    /** A file and a line in it. */
    private record Where(CsvFile file, int line) {
    }

    /** Where interaction {@code row} (counted over all parts in order) is. */
    private static Where where(List<CsvFile> parts, int row) {
        for (CsvFile part : parts) {
            if (row < part.size()) {
                return new Where(part, part.line(row));
            }
            row -= part.size();
        }
        throw new IndexOutOfBoundsException("interaction row beyond the files read");
    }

    /**
     * Infers the kind of a raw column from its cells; empty cells are "missing" and ignored. The
     * rules, in order:
     *
     * <ol>
     *   <li>no filled cell: DROPPED;</li>
     *   <li>at least {@value #NUMERIC_MIN_PERCENT}% of the filled cells are numbers: NUMERIC. A few
     *       words among many numbers ({@code n/a}, {@code twenty}) are far more likely a slip in a
     *       numeric column than values of a categorical one; the reader then rejects each of them
     *       (see {@link #read(Path, Path, RatingRange)}) rather than letting one stray word turn
     *       the whole column into categories. "NaN" and "Infinity" count as numbers here, and are
     *       then rejected as not finite;</li>
     *   <li>the column holds lists ({@link #holdsLists}): MULTI_VALUED;</li>
     *   <li>more than {@value #LABEL_MIN_ROWS} filled cells of which at least 90% are distinct:
     *       LABEL (a title, a name);</li>
     *   <li>otherwise CATEGORICAL.</li>
     * </ol>
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
        if (100L * countNumbers(filled) >= (long) NUMERIC_MIN_PERCENT * filled.size()) {
            return ColumnKind.NUMERIC;
        }
        if (holdsLists(filled)) {
            return ColumnKind.MULTI_VALUED;
        }
        Set<String> distinct = new HashSet<>(filled);
        if (filled.size() > LABEL_MIN_ROWS && distinct.size() >= LABEL_MIN_DISTINCT * filled.size()) {
            return ColumnKind.LABEL;
        }
        return ColumnKind.CATEGORICAL;
    }

    /**
     * True if the filled cells look like lists of values from a shared vocabulary, as MovieLens
     * genres ({@code Adventure|Animation}) do, rather than names that happen to contain a
     * {@code '|'} ({@code Rock | Roll Hall of Fame}). Two things must both hold:
     *
     * <ol>
     *   <li>lists are common: at least {@value #MULTI_MIN_LIST_PERCENT}% of the filled cells list two
     *       or more values (non-blank pieces between {@code '|'}), so that one title with a bar in
     *       a column of thousands does not decide;</li>
     *   <li>the values repeat across rows: at least {@value #MULTI_MIN_SHARING_PERCENT}% of the filled
     *       cells share a value with some other cell. Genres are shared by nearly every movie; the
     *       pieces of near-unique titles are near-unique too, and are shared by almost none.</li>
     * </ol>
     *
     * For example {@code a|b}, {@code b}, {@code c} holds lists (one cell in three lists values, and
     * two cells in three share {@code b}); {@code x|y}, {@code z}, {@code w} does not (no value is shared).
     */
    static boolean holdsLists(List<String> filled) {
        if (filled.stream().noneMatch(c -> c.indexOf('|') >= 0)) {
            return false; // the common case, decided without splitting anything
        }
        List<Set<String>> valuesPerCell = new ArrayList<>(filled.size());
        Map<String, Integer> cellsListing = new HashMap<>(); // value -> number of cells that list it
        int lists = 0;
        for (String cell : filled) {
            Set<String> values = new HashSet<>();
            int pieces = 0;
            for (String piece : cell.split("\\|")) {
                if (!piece.isBlank()) {
                    pieces++;
                    values.add(piece.trim());
                }
            }
            if (pieces >= 2) {
                lists++;
            }
            for (String value : values) {
                cellsListing.merge(value, 1, Integer::sum);
            }
            valuesPerCell.add(values);
        }
        if (100L * lists < (long) MULTI_MIN_LIST_PERCENT * filled.size()) {
            return false;
        }
        int sharing = 0;
        for (Set<String> values : valuesPerCell) {
            if (values.stream().anyMatch(v -> cellsListing.get(v) >= 2)) {
                sharing++;
            }
        }
        return 100L * sharing >= (long) MULTI_MIN_SHARING_PERCENT * filled.size();
    }

    /** True if the cell counts as a number when inferring kinds: a plain decimal, NaN or Infinity. */
    private static boolean isNumberLike(String cell) {
        return CsvFile.isDecimal(cell) || CsvFile.isNonFinite(cell);
    }

    private static int countNumbers(List<String> filled) {
        int numbers = 0;
        for (String cell : filled) {
            if (isNumberLike(cell)) {
                numbers++;
            }
        }
        return numbers;
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

    /**
     * Builds the feature table from all columns but the first, with declared or inferred kinds.
     * Every filled cell of a NUMERIC column must be a finite number. When the kind was inferred
     * from most cells being numbers, the message for a word among them says how many are numbers and
     * that the schema can declare the column categorical, in case the words are meant.
     */
    private static FeatureTable table(CsvFile file, Map<String, ColumnKind> declared) {
        Map<String, String[]> columns = new LinkedHashMap<>();
        Map<String, ColumnKind> kinds = new LinkedHashMap<>();
        for (int c = 1; c < file.header().size(); c++) {
            String column = file.header().get(c);
            String[] cells = new String[file.size()];
            List<String> filled = new ArrayList<>();
            for (int r = 0; r < cells.length; r++) {
                cells[r] = file.cell(r, c).trim();
                if (!cells[r].isEmpty()) {
                    filled.add(cells[r]);
                }
            }
            ColumnKind declaredKind = declared.get(column);
            ColumnKind kind = declaredKind != null ? declaredKind : inferKind(cells);
            if (kind == ColumnKind.NUMERIC) {
                int numbers = countNumbers(filled);
                for (int r = 0; r < cells.length; r++) {
                    if (cells[r].isEmpty()) {
                        continue;
                    }
                    if (declaredKind == null && !isNumberLike(cells[r])) {
                        throw file.error(r, c, "expected a number (" + numbers + " of the column's " + filled.size()
                                + " filled cells are numbers), got '" + CsvFile.shorten(cells[r])
                                + "'; if the column is not numeric, declare it categorical in schema.csv");
                    }
                    file.number(r, c); // throws naming line and column if not a finite number
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
