package io.twotower.recsys.data;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import io.twotower.recsys.app.DataSource;
import io.twotower.recsys.features.FeatureOptions;
import io.twotower.recsys.features.FeaturePipeline;
import io.twotower.recsys.model.Catalog;
import java.io.ByteArrayInputStream;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomised robustness test of the CSV readers: thousands of mutations of small valid datasets
 * (truncated files, stray quotes, commas and line ends, random bytes including invalid UTF-8, 1 MB
 * fields, a missing header, duplicated or deleted lines, swapped columns, NaN/Inf/1e39/±3e38/-0/empty
 * cells, control characters such as NUL and ESC).
 *
 * <p>The contract checked for every input: the reader either returns a {@link Dataset} that the
 * float engine can use, or throws the project's {@link DataException}, whose message names one of
 * the dataset's files on one line of at most {@link #MAX_MESSAGE} characters without a control
 * character (a NUL or an ANSI escape sequence from a cell must not reach the terminal); never
 * another exception, never a hang (each input has a {@link #BUDGET} budget).
 *
 * <p>"Usable" is checked by running the rest of the data path that a training would run before
 * its first step ({@link #dataPath}): split, fit the feature pipeline, scale the targets, save and
 * read back the pipeline and the catalog. Every feature and target must be finite, and the round
 * trips exact. (Returning from the reader is not enough: a 1 MB title loaded fine and then could not
 * be saved, and ratings of 3e38 and -3e38 loaded fine and then scaled to NaN targets.) A
 * DataException from that path is fine too, under the same rules.
 *
 * <p>Input {@code i} is written by {@code write(dir, files, new Random(SEED + i))} alone, so the
 * index in a failure message replays it.
 */
class CsvFuzzTest {

    static final long SEED = 20_261_203L;
    /** Inputs per dataset variant (three variants: 3000 in all, about 10 s). */
    static final int INPUTS = 1000;
    static final Duration BUDGET = Duration.ofSeconds(2);
    /** Longest acceptable error message: a line or two of a terminal. */
    static final int MAX_MESSAGE = 300;

    private static final String MOVIES = """
            movieId,title,genres
            1,Toy Story (1995),Adventure|Animation|Children
            2,"Heat, The (1995)",Action|Crime|Thriller
            3,"The ""Quoted"" Film (2001)",Comedy
            4,Untitled,(no genres listed)
            """;
    private static final String RATINGS = """
            userId,movieId,rating,timestamp
            1,1,4.0,964982703
            1,2,3.5,964981247
            1,3,0.5,964982224
            2,1,5.0,964983815
            2,4,2.0,964982931
            3,2,4.5,964982400
            """;
    private static final String USERS = """
            user_id,age,country,tags
            u1,31,FR,a|b
            u2,45,DE,b
            u3,,FR,
            """;
    private static final String ITEMS = """
            item_id,price,title,kind
            i1,9.5,"Red, large",x
            i2,3.0,Blue,y
            i3,-0,"Green ""new"" one",x
            """;
    private static final String INTERACTIONS = """
            user_id,item_id,rating,timestamp
            u1,i1,4,100
            u1,i2,2,110
            u2,i1,5,120
            u2,i3,3,130
            u3,i2,1.5,140
            """;
    private static final String TRAIN = """
            user_id,item_id,rating
            u1,i1,4
            u2,i3,3
            """;
    private static final String TEST = """
            user_id,item_id,rating
            u1,i2,2
            u3,i2,1.5
            """;

    /** Cells the "replace a cell" mutation writes: the numbers and non-numbers readers must handle. */
    private static final String[] ODD_CELLS = {"NaN", "nan", "Inf", "-Infinity", "1e39", "-1e39", "1e-50", "-0", "",
        " ", "0x10", "1f", "+", "-", ".", "e5", "99999999999999999999999", "\"", "a\"b", "\u00e9", "\uFEFF1", "4,5",
        "3e38", "-3e38", "1e30", "n/a", "a|b", "\u0000", "\u001b[2J\u001b[31mred", "x\u202ey", "\u0085"};

    @TempDir
    Path dir;

    @Test
    void movieLensReaderLoadsOrThrowsDataException() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("movies.csv", MOVIES);
        files.put("ratings.csv", RATINGS);
        fuzz(files, MovieLensReader::read, 0);
    }

    @Test
    void tableReaderLoadsOrThrowsDataException() {
        Map<String, String> single = new LinkedHashMap<>();
        single.put("users.csv", USERS);
        single.put("items.csv", ITEMS);
        single.put("interactions.csv", INTERACTIONS);
        Map<String, String> predefined = new LinkedHashMap<>();
        predefined.put("users.csv", USERS);
        predefined.put("items.csv", ITEMS);
        predefined.put("train.csv", TRAIN);
        predefined.put("test.csv", TEST);
        // Half the inputs use interactions.csv, half train.csv + test.csv.
        fuzz(single, d -> TableReader.read(d, null), INPUTS);
        fuzz(predefined, d -> TableReader.read(d, null), 2 * INPUTS);
    }

    /** Mutates the dataset {@code INPUTS} times (indexes from {@code first}) and reads each result. */
    private void fuzz(Map<String, String> files, Function<Path, Dataset> reader, int first) {
        Set<String> names = files.keySet();
        List<String> failures = new ArrayList<>();
        int loaded = 0;
        for (int i = first; i < first + INPUTS; i++) {
            Random rng = new Random(SEED + i);
            Path data = dir.resolve("input-" + i);
            List<String> applied = write(data, files, rng);
            String replay = "seed " + SEED + ", input " + i + ", mutations " + applied;
            String outcome = assertTimeoutPreemptively(BUDGET, () -> {
                try {
                    Dataset d = reader.apply(data);
                    String unusable = usable(d);
                    return unusable != null ? unusable : dataPath(d);
                } catch (DataException e) {
                    return judge(e, names);
                } catch (Throwable t) {
                    return "expected a Dataset or a DataException, got " + t;
                }
            }, () -> replay + ": took longer than " + BUDGET);
            if (outcome.equals("loaded")) {
                loaded++;
            } else if (!outcome.equals("rejected")) {
                failures.add(replay + ": " + outcome);
            }
            deleteTree(data); // keeps at most one input on disk (some hold a 1 MB field)
        }
        System.out.printf("[CsvFuzzTest] %s, inputs %d..%d: %d loaded, %d rejected with a DataException, %d broke the contract%n",
                names, first, first + INPUTS - 1, loaded, INPUTS - loaded - failures.size(), failures.size());
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + INPUTS + " inputs broke the contract; the first ones:\n"
                    + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
        }
        // The mutations must leave some inputs valid and make others invalid, or they test nothing.
        if (loaded == 0 || loaded == INPUTS) {
            fail("expected some inputs to load and some to fail, got " + loaded + " of " + INPUTS + " loading");
        }
    }

    /** "rejected" for a DataException that keeps the contract, else what is wrong with it. */
    static String judge(DataException e, Set<String> names) {
        String message = e.getMessage();
        if (!names.contains(e.file())) {
            return "a DataException naming no file of the dataset: " + CsvFile.shorten(message);
        }
        for (int i = 0; i < message.length(); i++) {
            int type = Character.getType(message.charAt(i));
            if (type == Character.CONTROL || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return String.format("a DataException message with the control character U+%04X at %d: %s",
                        (int) message.charAt(i), i, CsvFile.shorten(message.replaceAll("\\p{Cc}|\\p{Cf}", "?")));
            }
        }
        // one short line for the terminal, even for a 1 MB field or a quoted line end
        return message.length() <= MAX_MESSAGE ? "rejected"
                : "a DataException message that is not one short line: " + CsvFile.shorten(message);
    }

    /** Null if the dataset's ratings and numeric cells are finite floats within its range, else what is wrong. */
    private static String usable(Dataset d) {
        float min = d.minRating();
        float max = d.maxRating();
        if (!Float.isFinite(min) || !Float.isFinite(max) || min > max) {
            return "loaded with the rating range [" + min + ", " + max + "]";
        }
        for (int r = 0; r < d.size(); r++) {
            if (!(d.rating(r) >= min && d.rating(r) <= max)) {
                return "loaded with rating " + d.rating(r) + " at row " + r + " outside [" + min + ", " + max + "]";
            }
        }
        for (FeatureTable table : List.of(d.userTable(), d.itemTable())) {
            for (String column : table.columnNames()) {
                if (table.kind(column) != ColumnKind.NUMERIC) {
                    continue;
                }
                for (String cell : table.column(column)) {
                    if (!cell.isEmpty() && !Float.isFinite((float) Double.parseDouble(cell))) {
                        return "loaded with the numeric feature " + column + " = '" + cell + "', not a finite float";
                    }
                }
            }
        }
        return null;
    }

    /**
     * "loaded" if the rest of the data path works on the dataset, else what went wrong: a training
     * part (the predefined one, a 20% random holdout, or every row when no user has enough rows to
     * hold one out), the feature pipeline fitted on it with finite features, a target in [-1, 1] for
     * every training rating, and the pipeline and the catalog saved and read back unchanged.
     */
    static String dataPath(Dataset d) throws IOException {
        Split split;
        if (d.hasPredefinedSplit()) {
            split = Splits.predefined(d);
        } else {
            try {
                split = Splits.randomHoldout(d, 0.2, 1);
            } catch (DataException tooFewRows) { // the training job says so too; here the data path goes on
                int[] all = new int[d.size()];
                Arrays.setAll(all, r -> r);
                split = new Split(d, all, new int[0]);
            }
        }
        FeaturePipeline pipeline = FeaturePipeline.fit(d, split.train(), FeatureOptions.defaults());
        for (float[] matrix : List.of(pipeline.userMatrix(), pipeline.itemMatrix())) {
            for (float x : matrix) {
                if (!Float.isFinite(x)) {
                    return "loaded, but a feature is " + x;
                }
            }
        }
        for (int r : split.train()) {
            float target = pipeline.scaleTarget(d.rating(r));
            if (!(Math.abs(target) <= 1 + 1e-5)) {
                return "loaded, but rating " + d.rating(r) + " scales to the target " + target;
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        pipeline.writeTo(new DataOutputStream(bytes));
        FeaturePipeline read = FeaturePipeline.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        if (!read.userFeatureNames().equals(pipeline.userFeatureNames()) || !read.itemKeys().equals(pipeline.itemKeys())
                || !Arrays.equals(read.itemMatrix(), pipeline.itemMatrix())) {
            return "loaded, but the feature pipeline reads back differently";
        }
        Catalog catalog = DataSource.catalog(d, split.train());
        bytes.reset();
        catalog.writeTo(new DataOutputStream(bytes));
        Catalog back = Catalog.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int i = 0; i < d.numItems(); i++) {
            if (!back.itemId(i).equals(d.itemId(i)) || !back.itemLabel(i).equals(d.itemLabel(i))) {
                return "loaded, but item " + i + " of the catalog reads back differently";
            }
        }
        return "loaded";
    }

    /** Writes the files to {@code data}, one of them mutated 1 to 3 times; returns the mutations applied. */
    static List<String> write(Path data, Map<String, String> files, Random rng) {
        List<String> names = new ArrayList<>(files.keySet());
        String target = names.get(rng.nextInt(names.size()));
        byte[] bytes = files.get(target).getBytes(StandardCharsets.UTF_8);
        List<String> applied = new ArrayList<>();
        int count = 1 + rng.nextInt(3);
        for (int m = 0; m < count; m++) {
            Mutation mutation = Mutation.values()[rng.nextInt(Mutation.values().length)];
            bytes = mutation.apply(bytes, rng);
            applied.add(target + ":" + mutation);
        }
        for (String name : names) {
            Fixtures.writeBytes(data, name, name.equals(target) ? bytes : files.get(name).getBytes(StandardCharsets.UTF_8));
        }
        return applied;
    }

    /** One way of damaging a file's bytes. */
    enum Mutation {
        TRUNCATE {
            byte[] apply(byte[] b, Random rng) {
                return Arrays.copyOf(b, rng.nextInt(b.length + 1));
            }
        },
        STRAY_QUOTE {
            byte[] apply(byte[] b, Random rng) {
                return insert(b, rng.nextInt(b.length + 1), new byte[] {'"'});
            }
        },
        STRAY_COMMA {
            byte[] apply(byte[] b, Random rng) {
                return insert(b, rng.nextInt(b.length + 1), new byte[] {','});
            }
        },
        STRAY_LINE_END {
            byte[] apply(byte[] b, Random rng) {
                byte[][] ends = {{'\n'}, {'\r', '\n'}, {'\r'}, {'\n', '\n'}};
                return insert(b, rng.nextInt(b.length + 1), ends[rng.nextInt(ends.length)]);
            }
        },
        /** 1 to 8 arbitrary bytes: often invalid UTF-8, sometimes NUL or a control character. */
        RANDOM_BYTES {
            byte[] apply(byte[] b, Random rng) {
                byte[] junk = new byte[1 + rng.nextInt(8)];
                rng.nextBytes(junk);
                return insert(b, rng.nextInt(b.length + 1), junk);
            }
        },
        /** A 1 MB field: digits (a huge number) or letters. */
        HUGE_FIELD {
            byte[] apply(byte[] b, Random rng) {
                byte[] field = new byte[1 << 20];
                Arrays.fill(field, rng.nextBoolean() ? (byte) '7' : (byte) 'x');
                return insert(b, rng.nextInt(b.length + 1), field);
            }
        },
        DELETE_HEADER {
            byte[] apply(byte[] b, Random rng) {
                List<String> lines = lines(b);
                if (!lines.isEmpty()) {
                    lines.remove(0);
                }
                return join(lines);
            }
        },
        DELETE_LINE {
            byte[] apply(byte[] b, Random rng) {
                List<String> lines = lines(b);
                if (!lines.isEmpty()) {
                    lines.remove(rng.nextInt(lines.size()));
                }
                return join(lines);
            }
        },
        DUPLICATE_LINE {
            byte[] apply(byte[] b, Random rng) {
                List<String> lines = lines(b);
                if (!lines.isEmpty()) {
                    int i = rng.nextInt(lines.size());
                    lines.add(rng.nextInt(lines.size() + 1), lines.get(i));
                }
                return join(lines);
            }
        },
        /** Swaps two comma-separated columns on every line (quotes ignored: may also break quoting). */
        SWAP_COLUMNS {
            byte[] apply(byte[] b, Random rng) {
                int a = rng.nextInt(4);
                int c = rng.nextInt(4);
                List<String> out = new ArrayList<>();
                for (String line : lines(b)) {
                    String[] cells = line.split(",", -1);
                    if (a < cells.length && c < cells.length) {
                        String t = cells[a];
                        cells[a] = cells[c];
                        cells[c] = t;
                    }
                    out.add(String.join(",", cells));
                }
                return join(out);
            }
        },
        /** Replaces one cell (after the header) by NaN, Inf, 1e39, -0, an empty cell and the like. */
        ODD_CELL {
            byte[] apply(byte[] b, Random rng) {
                List<String> lines = lines(b);
                if (lines.size() < 2) {
                    return b;
                }
                int row = 1 + rng.nextInt(lines.size() - 1);
                String[] cells = lines.get(row).split(",", -1);
                String odd = ODD_CELLS[rng.nextInt(ODD_CELLS.length)];
                // as UTF-8 bytes seen through ISO-8859-1, like the rest of the line
                cells[rng.nextInt(cells.length)] = new String(odd.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                lines.set(row, String.join(",", cells));
                return join(lines);
            }
        },
        /** The same cell of two rows set to 3.4e38 and -3.4e38: each a float, their difference not. */
        OPPOSITE_EXTREMES {
            byte[] apply(byte[] b, Random rng) {
                List<String> lines = lines(b);
                if (lines.size() < 3) {
                    return b;
                }
                int column = rng.nextInt(4);
                int first = 1 + rng.nextInt(lines.size() - 1);
                int second = 1 + rng.nextInt(lines.size() - 1);
                for (int row : new int[] {first, second}) {
                    String[] cells = lines.get(row).split(",", -1);
                    if (column < cells.length) {
                        cells[column] = row == first ? "3.4e38" : "-3.4e38";
                        lines.set(row, String.join(",", cells));
                    }
                }
                return join(lines);
            }
        },
        EMPTY_FILE {
            byte[] apply(byte[] b, Random rng) {
                return new byte[0];
            }
        };

        abstract byte[] apply(byte[] bytes, Random rng);

        static byte[] insert(byte[] b, int at, byte[] what) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + what.length);
            out.write(b, 0, at);
            out.write(what, 0, what.length);
            out.write(b, at, b.length - at);
            return out.toByteArray();
        }

        /** Lines as ISO-8859-1 text, so that any byte survives the round trip unchanged. */
        static List<String> lines(byte[] b) {
            return new ArrayList<>(Arrays.asList(new String(b, StandardCharsets.ISO_8859_1).split("\n", -1)));
        }

        static byte[] join(List<String> lines) {
            return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private static void deleteTree(Path data) {
        try (var files = Files.list(data)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
            Files.delete(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
