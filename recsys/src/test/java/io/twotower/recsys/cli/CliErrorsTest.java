package io.twotower.recsys.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a user sees for every mistake the CLI knows of: one line {@code error: <where>: <what was
 * expected>} on stderr (plus picocli's "Try ... --help" line for a flag it cannot parse), exit code
 * 1 for a problem with data or a model file and 2 for a command-line mistake, and no stack trace
 * unless {@code --debug} is given, in which case there is one.
 *
 * <p>Each {@link Case} writes its fixture (a tiny MovieLens or table-format folder, or a damaged
 * model file) into a fresh temporary folder and runs {@link Main#run} in-process. The expected
 * messages are spelled out in full: they are the documentation (docs/WHEN_THINGS_GO_WRONG.md).
 * Placeholders: {@code {dir}} the case's folder, {@code {data}} its data folder, {@code {model}} and
 * {@code {ckpt}} the model and checkpoint trained once in {@link #trainTinyModel}. An expected
 * message ending in "..." is a prefix (for checksums and lists that only the code can compute).
 */
class CliErrorsTest {

    private static final String MOVIES = """
            movieId,title,genres
            1,Toy Story (1995),Adventure|Animation
            2,"Heat, The (1995)",Action|Crime
            3,Up (2009),(no genres listed)
            """;
    private static final String RATINGS = """
            userId,movieId,rating,timestamp
            1,1,4.0,964982703
            1,2,3.5,964981247
            2,1,5.0,964982224
            2,3,2.0,964983815
            """;
    private static final String USERS = """
            user_id,age,country
            u1,31,FR
            u2,45,DE
            """;
    private static final String ITEMS = """
            item_id,price,tags
            i1,9.5,a|b
            i2,3.0,b
            i3,4.5,c
            """;
    private static final String INTERACTIONS = """
            user_id,item_id,rating
            u1,i1,4
            u1,i2,2
            u2,i1,5
            u2,i3,3
            """;
    /** A quick training run: the failures below all happen while loading, before any epoch. */
    private static final String[] TRAIN = {"train", "--data", "{data}", "--epochs", "1", "--samples", "0",
        "--model", "{dir}/t.model", "--history", "{dir}/h.csv"};
    private static final String TRY_TRAIN_HELP = "Try 'recsys train --help' for the options.";

    @TempDir
    static Path shared;
    static Path model;
    static Path checkpoint;

    @TempDir
    Path dir;

    /** One model (600 synthetic users u0..u599, 1000 items) and the checkpoint of its only epoch. */
    @BeforeAll
    static void trainTinyModel() {
        model = shared.resolve("m.model");
        checkpoint = shared.resolve("m.model.ckpt");
        Result r = run("train", "--data", "synthetic", "--epochs", "1", "--samples", "0", "--checkpoint-every", "1",
                "--model", model.toString(), "--history", shared.resolve("h.csv").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(model) && Files.isRegularFile(checkpoint), "model and checkpoint written");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aMistakeGivesOneLineAnExitCodeAndNoStackTrace(Case c) {
        Result r = c.run(dir, false);
        assertEquals(c.exit(), r.exit(), r.err());
        List<String> lines = r.errLines();
        assertFalse(r.err().contains("\tat "), "no stack trace without --debug:\n" + r.err());
        c.assertMessage(dir, lines.get(0));
        assertEquals(c.picocli() ? List.of(lines.get(0), c.tryHelp()) : List.of(lines.get(0)), lines);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void withDebugTheSameMessageComesWithAStackTrace(Case c) {
        Result r = c.run(dir, true);
        assertEquals(c.exit(), r.exit(), r.err());
        c.assertMessage(dir, r.errLines().get(0));
        assertTrue(r.err().contains("\tat io.twotower.") || r.err().contains("\tat picocli."),
                "a stack trace with --debug:\n" + r.err());
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();

        // --- folders and files -------------------------------------------------------------------
        cases.add(data("missing data folder", d -> { }, "{dir}/nope: no such folder (expected a data folder, or 'synthetic')")
                .args("train", "--data", "{dir}/nope", "--epochs", "1"));
        cases.add(data("missing movies.csv", movieLens(null, same()),
                "movies.csv: expected a file at {data}/movies.csv, found none"));
        cases.add(data("folder of neither format", d -> write(d, "notes.txt", "hello"),
                "{data}: no ratings.csv (MovieLens format) nor users.csv/items.csv (table format) in this folder"));
        cases.add(data("model file given as --data", d -> { },
                "{model}: is a file, expected a data folder holding ratings.csv + movies.csv or users.csv + items.csv + interactions.csv")
                .args("train", "--data", "{model}", "--epochs", "1"));

        // --- MovieLens format ----------------------------------------------------------------------
        cases.add(data("missing header", movieLens(same(), t -> t.substring(t.indexOf('\n') + 1)),
                "ratings.csv line 1: expected a header line naming the columns, got the data row "
                        + "'1,1,4.0,964982703' (is the header missing?)"));
        cases.add(data("missing column", movieLens(same(), withoutColumn(3)),
                "ratings.csv line 1: expected header 'userId,movieId,rating,timestamp', got 'userId,movieId,timestamp'"));
        cases.add(data("too few fields", movieLens(same(), line(3, "1,2,3.5")),
                "ratings.csv line 3: expected 4 fields (userId,movieId,rating,timestamp), got 3"));
        cases.add(data("too many fields", movieLens(same(), line(3, "1,2,3.5,964981247,extra")),
                "ratings.csv line 3: expected 4 fields (userId,movieId,rating,timestamp), got 5"));
        cases.add(data("not a number", movieLens(same(), line(3, "1,2,abc,964981247")),
                "ratings.csv line 3, column rating: expected a number, got 'abc'"));
        cases.add(data("NaN rating", movieLens(same(), line(3, "1,2,NaN,964981247")),
                "ratings.csv line 3, column rating: expected a finite number, got 'NaN'"));
        cases.add(data("infinite rating", movieLens(same(), line(3, "1,2,-Infinity,964981247")),
                "ratings.csv line 3, column rating: expected a finite number, got '-Infinity'"));
        cases.add(data("rating outside [0.5, 5]", movieLens(same(), line(3, "1,2,7,964981247")),
                "ratings.csv line 3, column rating: expected a rating in [0.5, 5], got 7"));
        cases.add(data("timestamp not a whole number", movieLens(same(), line(3, "1,2,3.5,yesterday")),
                "ratings.csv line 3, column timestamp: expected a whole number, got 'yesterday'"));
        cases.add(data("duplicate movie id", movieLens(t -> t + "2,Copy (2000),Drama\n", same()),
                "movies.csv line 5, column movieId: expected unique movie ids, got '2' again (first on line 3)"));
        cases.add(data("rating of an unknown movie", movieLens(same(), line(3, "1,99,3.5,964981247")),
                "ratings.csv line 3, column movieId: expected a movieId listed in movies.csv, got '99'"));
        cases.add(data("empty file", movieLens(same(), t -> ""),
                "ratings.csv: expected a header line, got an empty file"));
        cases.add(data("header only", movieLens(same(), t -> t.substring(0, t.indexOf('\n') + 1)),
                "ratings.csv: expected at least one rating after the header, got none"));
        // "Am\xE9lie" in Latin-1: the bad byte follows MOVIES (all ASCII) and "4,Am" on line 5.
        cases.add(data("not UTF-8", d -> {
            writeBytes(d, "movies.csv", concat(MOVIES.getBytes(StandardCharsets.US_ASCII),
                    new byte[] {'4', ',', 'A', 'm', (byte) 0xE9, 'l', 'i', 'e', ',', 'C', 'o', 'm', 'e', 'd', 'y', '\n'}));
            write(d, "ratings.csv", RATINGS);
        }, "movies.csv line 5: expected UTF-8 text, got the invalid byte 0xE9 (byte offset " + (MOVIES.length() + 4) + ")"));
        cases.add(data("unclosed quote", movieLens(same(), line(3, "1,\"2,3.5,964981247")),
                "ratings.csv line 3: expected well-formed CSV quoting (a quoted field ends with \" before the next comma "
                        + "or line end; a quote inside it is written \"\"), got: EOF reached before encapsulated token finished"));

        // --- table format --------------------------------------------------------------------------
        cases.add(data("duplicate user id", table(t -> t + "u1,50,IT\n", same(), same()),
                "users.csv line 4, column user_id: expected unique ids, got 'u1' again (first on line 2)"));
        cases.add(data("duplicate item id", table(same(), t -> t + "i2,1.0,x\n", same()),
                "items.csv line 5, column item_id: expected unique ids, got 'i2' again (first on line 3)"));
        cases.add(data("interaction of an unknown user", table(same(), same(), t -> t + "u9,i1,4\n"),
                "interactions.csv line 6, column user_id: expected an id listed in users.csv, got 'u9'"));
        cases.add(data("interaction of an unknown item", table(same(), same(), t -> t + "u1,i9,4\n"),
                "interactions.csv line 6, column item_id: expected an id listed in items.csv, got 'i9'"));
        cases.add(data("NaN feature", table(line(3, "u2,NaN,DE"), same(), same()),
                "users.csv line 3, column age: expected a finite number, got 'NaN'"));
        cases.add(data("rating beyond the float range", table(same(), same(), t -> t + "u1,i3,1e39\n"),
                "interactions.csv line 6, column rating: expected a finite number within the float range (up to 3.4e38), got '1e39'"));
        cases.add(data("empty users.csv", table(t -> "", same(), same()),
                "users.csv: expected a header line, got an empty file"));
        cases.add(data("no interactions file", table(same(), same(), null),
                "interactions.csv: expected interactions.csv (or train.csv + test.csv) in {data}, found none"));
        // Two interactions per user: round(0.2 * 2) = 0 test rows each; a user needs 3 (round(0.6) = 1).
        cases.add(data("too few interactions to hold out a test set", table(same(), same(), same()),
                "data: expected at least one user with 3 or more interactions to hold out a test fraction of 0.2, got none"));
        cases.add(data("temporal split without timestamps", table(same(), same(), same()),
                "data: expected a timestamp column for a temporal split, got none (use the random split, "
                        + "or add a timestamp column to the interactions)").plus("--split", "temporal"));

        // --- model files and checkpoints -----------------------------------------------------------
        cases.add(usage("data folder given as --model", movieLens(same(), same()),
                "--model {data} is a folder; expected a model file written by 'recsys train'")
                .args("recommend", "--model", "{data}", "--user", "1"));
        cases.add(usage("checkpoint given as --model", d -> { },
                "--model {ckpt} is a training checkpoint, not a model; finish the training with 'recsys train' and the "
                        + "same flags plus '--resume {ckpt}', which saves the model")
                .args("recommend", "--model", "{ckpt}", "--user", "u1"));
        cases.add(data("model given as --resume", d -> { },
                "{model}: not a training checkpoint (a model file? resume takes the file written by --checkpoint-every or Ctrl-C)")
                .args("train", "--data", "synthetic", "--epochs", "1", "--samples", "0", "--model", "{dir}/t.model",
                        "--history", "{dir}/h.csv", "--resume", "{model}"));
        cases.add(usage("missing --resume file", d -> { }, "--resume {dir}/none.ckpt: no such file")
                .args("train", "--data", "synthetic", "--epochs", "1", "--samples", "0", "--model", "{dir}/t.model",
                        "--history", "{dir}/h.csv", "--resume", "{dir}/none.ckpt"));
        cases.add(usage("folder given as --resume", d -> { }, "--resume {dir} is a folder; expected a checkpoint file (*.ckpt)")
                .args("train", "--data", "synthetic", "--epochs", "1", "--samples", "0", "--model", "{dir}/t.model",
                        "--history", "{dir}/h.csv", "--resume", "{dir}"));
        cases.add(usage("folder given as train --model", d -> { }, "--model {dir} is a folder; expected a file name, e.g. {dir}/recsys.model")
                .args("train", "--data", "synthetic", "--epochs", "1", "--samples", "0", "--model", "{dir}",
                        "--history", "{dir}/h.csv"));
        cases.add(usage("missing model file", d -> { },
                "--model {dir}/none.model: no such file (train one with 'bin/recsys train --model {dir}/none.model')")
                .args("recommend", "--model", "{dir}/none.model", "--user", "u1"));
        cases.add(data("truncated model", d -> damage(d, model, b -> Arrays.copyOf(b, b.length / 2)),
                "{dir}/broken: truncated: " + (size(model) / 2) + " bytes, the header announces " + size(model))
                .args("recommend", "--model", "{dir}/broken", "--user", "u1"));
        cases.add(data("corrupted model", d -> damage(d, model, b -> flip(b, b.length / 2)),
                "{dir}/broken: checksum mismatch (the file is corrupted): stored ...")
                .args("similar", "--model", "{dir}/broken", "--item", "i1"));
        // The format version is the little-endian int after the 4-byte magic "TTWM".
        cases.add(data("model from a newer version", d -> damage(d, model, b -> set(b, 4, (byte) 99)),
                "{dir}/broken: written by format version 99, this build reads up to 1")
                .args("recommend", "--model", "{dir}/broken", "--user", "u1"));
        cases.add(data("a CSV given as --model", movieLens(same(), same()),
                "{data}/ratings.csv: not a model file (bad magic number; expected \"TTWM\")")
                .args("recommend", "--model", "{data}/ratings.csv", "--user", "1"));
        cases.add(data("truncated checkpoint given to --resume", d -> damage(d, checkpoint, b -> Arrays.copyOf(b, 100)),
                "{dir}/broken: truncated: 100 bytes, the header announces " + size(checkpoint))
                .args("train", "--data", "synthetic", "--epochs", "1", "--samples", "0", "--model", "{dir}/t.model",
                        "--history", "{dir}/h.csv", "--resume", "{dir}/broken"));

        // --- recommend and similar ---------------------------------------------------------------
        cases.add(usage("unknown user", d -> { }, "--user nobody: unknown user (the model knows 600 users, ids u0 .. u599)")
                .args("recommend", "--model", "{model}", "--user", "nobody"));
        cases.add(usage("unknown item", d -> { }, "--item nothing: unknown item (the model knows 1000 items)")
                .args("similar", "--model", "{model}", "--item", "nothing"));
        cases.add(usage("unknown feature of a new user", d -> { }, "--new-user: new user column bogus: unknown key 'bogus', expected one of [...")
                .args("recommend", "--model", "{model}", "--new-user", "bogus=3"));
        cases.add(usage("--k out of range", d -> { }, "--k must be between 1 and 10000, got 0")
                .args("similar", "--model", "{model}", "--item", "i1", "--k", "0"));

        // --- flags ---------------------------------------------------------------------------------
        cases.add(parse("unknown flag", "Unknown option: '--bogus'", TRY_TRAIN_HELP).args("train", "--bogus"));
        cases.add(parse("flag value of the wrong type", "Invalid value for option '--epochs': 'abc' is not an int",
                TRY_TRAIN_HELP).args("train", "--epochs", "abc"));
        cases.add(parse("missing required flag", "Missing required option: '--item=ID'",
                "Try 'recsys similar --help' for the options.").args("similar", "--model", "{model}"));
        cases.add(usage("--epochs out of range", movieLens(same(), same()), "--epochs must be between 1 and 100000, got 0")
                .args("train", "--data", "{data}", "--epochs", "0"));
        cases.add(usage("--lr out of range", movieLens(same(), same()), "--lr must be in (0, 10], got 100.0")
                .plus("--lr", "100"));
        cases.add(usage("--threads out of range", movieLens(same(), same()), "--threads must be between 1 and 1024, got 0")
                .plus("--threads", "0"));
        cases.add(usage("bad layer sizes", movieLens(same(), same()),
                "--user-layers: layer sizes must be between 1 and 65536, got 0").plus("--user-layers", "64,0"));
        cases.add(usage("unknown --split", movieLens(same(), same()), "--split must be random or temporal, got 'sideways'")
                .plus("--split", "sideways"));
        return cases.stream();
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * One mistake: how to set it up, the arguments, and what the user must see.
     *
     * @param picocli true for a flag picocli itself rejects (a second "Try ... --help" line follows)
     */
    record Case(String name, int exit, boolean picocli, String expected, String tryHelp, Consumer<Path> setup,
                String[] argv) {
        Case args(String... newArgs) {
            return new Case(name, exit, picocli, expected, tryHelp, setup, newArgs);
        }

        /** The same case with extra flags appended to the arguments. */
        Case plus(String... extra) {
            String[] all = Arrays.copyOf(argv, argv.length + extra.length);
            System.arraycopy(extra, 0, all, argv.length, extra.length);
            return args(all);
        }

        Result run(Path dir, boolean debug) {
            Path data = dir.resolve("data");
            try {
                Files.createDirectories(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            setup.accept(data);
            List<String> resolved = new ArrayList<>();
            for (String a : argv) {
                resolved.add(fill(a, dir));
            }
            if (debug) {
                resolved.add("--debug");
            }
            return CliErrorsTest.run(resolved.toArray(new String[0]));
        }

        void assertMessage(Path dir, String line) {
            String want = "error: " + fill(expected, dir);
            if (want.endsWith("...")) {
                String prefix = want.substring(0, want.length() - 3);
                assertTrue(line.startsWith(prefix), "expected a line starting with\n  " + prefix + "\ngot\n  " + line);
            } else {
                assertEquals(want, line);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A data or model-file problem: exit code 1. The arguments default to a quick training run. */
    private static Case data(String name, Consumer<Path> setup, String expected) {
        return new Case(name, 1, false, expected, null, setup, TRAIN);
    }

    /** A command-line mistake found after parsing: exit code 2. */
    private static Case usage(String name, Consumer<Path> setup, String expected) {
        return new Case(name, 2, false, expected, null, setup, TRAIN);
    }

    /** A flag picocli cannot parse: exit code 2 and its "Try ... --help" line. */
    private static Case parse(String name, String expected, String tryHelp) {
        return new Case(name, 2, true, expected, tryHelp, d -> { }, TRAIN);
    }

    private static String fill(String text, Path dir) {
        return text.replace("{data}", dir.resolve("data").toString()).replace("{dir}", dir.toString())
                .replace("{model}", model.toString()).replace("{ckpt}", checkpoint.toString());
    }

    record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of("") : List.of(err.split("\n"));
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString().replace("\r\n", "\n"));
    }

    // --- fixtures ----------------------------------------------------------------------------------

    private static UnaryOperator<String> same() {
        return t -> t;
    }

    /** Replaces 1-based line {@code n} of a text. */
    private static UnaryOperator<String> line(int n, String replacement) {
        return t -> {
            List<String> lines = new ArrayList<>(List.of(t.split("\n", -1)));
            lines.set(n - 1, replacement);
            return String.join("\n", lines);
        };
    }

    /** Removes the 1-based column {@code c} from every line (no quoted commas in the text). */
    private static UnaryOperator<String> withoutColumn(int c) {
        return t -> {
            StringBuilder out = new StringBuilder();
            for (String l : t.split("\n")) {
                List<String> cells = new ArrayList<>(List.of(l.split(",", -1)));
                cells.remove(c - 1);
                out.append(String.join(",", cells)).append('\n');
            }
            return out.toString();
        };
    }

    /** movies.csv and ratings.csv, each edited (null: the file is left out). */
    private static Consumer<Path> movieLens(UnaryOperator<String> movies, UnaryOperator<String> ratings) {
        return d -> {
            if (movies != null) write(d, "movies.csv", movies.apply(MOVIES));
            if (ratings != null) write(d, "ratings.csv", ratings.apply(RATINGS));
        };
    }

    /** users.csv, items.csv and interactions.csv, each edited (null: the file is left out). */
    private static Consumer<Path> table(UnaryOperator<String> users, UnaryOperator<String> items,
                                        UnaryOperator<String> interactions) {
        return d -> {
            if (users != null) write(d, "users.csv", users.apply(USERS));
            if (items != null) write(d, "items.csv", items.apply(ITEMS));
            if (interactions != null) write(d, "interactions.csv", interactions.apply(INTERACTIONS));
        };
    }

    /** Writes {@code source}'s bytes, changed, to {@code broken} beside the data folder. */
    private static void damage(Path data, Path source, UnaryOperator<byte[]> change) {
        try {
            writeBytes(data.getParent(), "broken", change.apply(Files.readAllBytes(source)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] flip(byte[] b, int at) {
        b[at] ^= (byte) 0xFF;
        return b;
    }

    private static byte[] set(byte[] b, int at, byte value) {
        b[at] = value;
        return b;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void write(Path dir, String name, String text) {
        writeBytes(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(Path dir, String name, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
