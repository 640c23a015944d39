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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import io.twotower.recsys.train.Checkpoint;
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
 * {@code {ckpt}} the model and checkpoint trained once in {@link #trainTinyModel}, {@code {mlmodel}} the
 * model trained on {@link TinyMovieLens}. An expected message ending in "..." is a prefix (for checksums
 * and lists that only the code can compute), and {@code {hex16}} stands for 16 hexadecimal digits (a
 * content hash).
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
    static Path mlModel;

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
        mlModel = shared.resolve("ml.model");
        TinyMovieLens.train(TinyMovieLens.write(shared.resolve("ml")), mlModel);
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
        cases.add(usage("missing data folder", d -> { }, "--data {dir}/nope: no such folder (expected a data folder, or 'synthetic')")
                .args("train", "--data", "{dir}/nope", "--epochs", "1"));
        cases.add(data("missing movies.csv", movieLens(null, same()),
                "movies.csv: expected a file at {data}/movies.csv, found none"));
        cases.add(data("folder of neither format", d -> write(d, "notes.txt", "hello"),
                "{data}: no ratings.csv (MovieLens format) nor users.csv/items.csv (table format) in this folder"));
        cases.add(usage("model file given as --data", d -> { },
                "--data {model} is a file; expected a data folder holding ratings.csv + movies.csv or users.csv + items.csv + interactions.csv")
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
        cases.add(data("rating outside the declared --rating-range", table(same(), same(), t -> t + "u1,i3,7\n"),
                "interactions.csv line 6, column rating: expected a rating in [1, 5], got 7").plus("--rating-range", "1,5"));
        cases.add(usage("--rating-range the wrong way round", table(same(), same(), same()),
                "--rating-range must be two numbers MIN,MAX with MIN < MAX, e.g. 1,5, got '5,1'").plus("--rating-range", "5,1"));
        cases.add(usage("--rating-range for MovieLens data", movieLens(same(), same()),
                "--rating-range applies to the table format (users.csv, items.csv) only; MovieLens ratings are 0.5 to 5")
                .plus("--rating-range", "1,5"));
        cases.add(data("a schema.csv in a MovieLens folder", d -> {
                    movieLens(same(), same()).accept(d);
                    write(d, "schema.csv", "file,column,kind\n");
                },
                "{data}/schema.csv: expected no schema in a MovieLens folder (a schema sets column kinds of users.csv and "
                        + "items.csv, the table format); remove it"));
        cases.add(usage("--schema for MovieLens data", movieLens(same(), same()),
                "--schema applies to the table format (users.csv, items.csv) only").plus("--schema", "schema.csv"));
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
        cases.add(usage("towers that end in different sizes", d -> { },
                "--user-layers 64,16 and --item-layers 256,128,32 must end in the same size (the score is the dot product "
                        + "of the two towers' vectors), got 16 and 32").args(SYNTHETIC).plus("--user-layers", "64,16"));
        cases.add(usage("NaN --relevant", d -> { }, "--relevant must be a finite number, got NaN")
                .args(SYNTHETIC).plus("--relevant", "NaN"));
        cases.add(usage("--relevant above every rating", d -> { },
                "--relevant 99: no rating reaches it (the ratings run from 0.5 to 5), so no test item would be relevant")
                .args(SYNTHETIC).plus("--relevant", "99"));
        cases.add(usage("NaN --positive-threshold", d -> { }, "--positive-threshold must be a finite number, got NaN")
                .args(SYNTHETIC).plus("--positive-threshold", "NaN"));
        cases.add(usage("bce with a threshold no rating reaches", d -> { },
                "--positive-threshold 99: no training rating reaches it (the ratings run from 0.5 to 5), so --loss bce "
                        + "would have no positives to learn from").args(SYNTHETIC).plus("--loss", "bce", "--positive-threshold", "99"));

        // --- output paths, checked before training -------------------------------------------------
        cases.add(usage("a device as train --model", d -> { },
                "--model /dev/full is not a regular file (a device or a pipe?); expected a file name, e.g. out/recsys.model")
                .args("train", "--data", "synthetic", "--epochs", "1", "--samples", "0", "--model", "/dev/full",
                        "--history", "{dir}/h.csv"));
        // sysfs refuses new files, even to root.
        cases.add(usage("a folder where no file can be created", d -> { },
                "--model /sys/x.model: cannot create a file in /sys (permission denied)")
                .args("train", "--data", "synthetic", "--epochs", "1", "--samples", "0", "--model", "/sys/x.model",
                        "--history", "{dir}/h.csv"));
        cases.add(usage("a file in the way of the --history folder", d -> write(d.getParent(), "notes.txt", "x"),
                "--history {dir}/notes.txt/h.csv: cannot create the folder {dir}/notes.txt, a file of that name is in the way")
                .args("train", "--data", "synthetic", "--epochs", "1", "--samples", "0", "--model", "{dir}/t.model",
                        "--history", "{dir}/notes.txt/h.csv"));

        // --- resuming ------------------------------------------------------------------------------
        cases.add(usage("--resume with other settings", d -> { },
                "--resume {ckpt} was written with other settings: --batch 256, now 128; resume with the same flags "
                        + "(only --epochs and --lr may change)").args(SYNTHETIC).plus("--batch", "128", "--resume", "{ckpt}"));
        cases.add(usage("--resume with other data", TinyMovieLens::write,
                "--resume {ckpt} was made with other data: 600 users, 1000 items, 36000 interactions, content {hex16}; "
                        + "now 3 users, 10 items, 25 interactions, content {hex16}; resume with the data it was made with")
                .plus("--resume", "{ckpt}"));
        // Same fingerprint, but the first user layer takes one input fewer: 10 x 256 instead of 11 x 256 weights.
        cases.add(usage("--resume of a checkpoint whose weights do not fit", d -> narrowFirstLayer(d.getParent().resolve("narrow.ckpt")),
                "--resume {dir}/narrow.ckpt was made with other data: its user_tower.dense0.kernel holds 2560 values, "
                        + "the model for this data needs 2816 (11, 256)").args(SYNTHETIC).plus("--resume", "{dir}/narrow.ckpt"));
        cases.add(usage("a device as --resume", d -> { },
                "--resume /dev/zero is not a regular file; expected a checkpoint file (*.ckpt)")
                .args(SYNTHETIC).plus("--resume", "/dev/zero"));

        // --- model files that must not be read whole -----------------------------------------------
        cases.add(usage("a device as --model", d -> { },
                "--model /dev/zero is not a regular file; expected a model file written by 'recsys train'")
                .args("recommend", "--model", "/dev/zero", "--user", "u1"));
        cases.add(data("a 3 GB file as --model", d -> sparse(d.getParent().resolve("big.model"), 3L << 30, new byte[0]),
                "{dir}/big.model: not a model file (bad magic number; expected \"TTWM\")")
                .args("similar", "--model", "{dir}/big.model", "--item", "i1"));
        // "TTWM", version 1, then a body length of 3 GB (little-endian), in a file of 20 bytes.
        cases.add(data("a model header announcing 3 GB", d -> sparse(d.getParent().resolve("huge.model"), 20,
                        new byte[] {'T', 'T', 'W', 'M', 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 0, 0, 0, 0}),
                "{dir}/huge.model: corrupt: the header announces a body of 3221225472 bytes (a model file holds at most 2 GB)")
                .args("similar", "--model", "{dir}/huge.model", "--item", "i1"));

        // --- evaluate ------------------------------------------------------------------------------
        cases.add(usage("evaluate when the data stored in the model is gone", d -> trainThenRemoveData(d.getParent()),
                "{dir}/gone (the --data stored in the model; give --data): no such folder (expected a data folder, or 'synthetic')")
                .args("evaluate", "--model", "{dir}/gone.model"));
        cases.add(usage("evaluate with a NaN --relevant", d -> { }, "--relevant must be a finite number, got NaN")
                .args("evaluate", "--model", "{model}", "--relevant", "NaN"));
        cases.add(usage("evaluate with a --relevant no rating reaches", d -> { },
                "--relevant 99: no rating reaches it (the ratings run from 0.5 to 5), so no test item would be relevant")
                .args("evaluate", "--model", "{model}", "--relevant", "99"));

        // --- new users and items: values checked like the readers check a file --------------------
        cases.add(usage("a new user's value beyond the float range", d -> { },
                "--new-user: new user column avg_rating: expected a finite number within the float range (up to 3.4e38), got '1e39'")
                .args("recommend", "--model", "{mlmodel}", "--new-user", "avg_rating=1e39"));
        cases.add(usage("a new user's value in a form the readers refuse (Java's 4f)", d -> { },
                "--new-user: new user column avg_rating: expected a number, got '4f'")
                .args("recommend", "--model", "{mlmodel}", "--new-user", "avg_rating=4f"));
        // The users' rating counts are 4 to 7 (see TinyMovieLens): 3 either side is accepted, counts are >= 0.
        cases.add(usage("a new user's count far outside the training range", d -> { },
                "--new-user: new user column rating_count: expected a value from 1 to 10 (the model's 3 users have 4 to 7), got '1e30'")
                .args("recommend", "--model", "{mlmodel}", "--new-user", "rating_count=1e30"));
        cases.add(usage("a new user's average outside the rating scale", d -> { },
                "--new-user: new user column avg_rating:Comedy: expected a rating in [0.5, 5], got '7'")
                .args("recommend", "--model", "{mlmodel}", "--new-user", "avg_rating=4,avg_rating:Comedy=7"));
        cases.add(usage("a new user's negative count", d -> { },
                "--new-user: new user column rating_count: expected a count (0 or more), got '-1'")
                .args("recommend", "--model", "{mlmodel}", "--new-user", "rating_count=-1"));
        cases.add(usage("a new user's NaN", d -> { }, "--new-user: new user column avg_rating: expected a finite number, got 'NaN'")
                .args("recommend", "--model", "{mlmodel}", "--new-user", "avg_rating=NaN"));
        cases.add(usage("a new user feature without a value", d -> { },
                "--new-user: expected NAME=VALUE pairs separated by commas, got 'avg_rating'")
                .args("recommend", "--model", "{mlmodel}", "--new-user", "avg_rating"));
        cases.add(usage("a new user feature given twice", d -> { }, "--new-user: avg_rating is given twice")
                .args("recommend", "--model", "{mlmodel}", "--new-user", "avg_rating=4", "--new-user", "avg_rating=5"));
        cases.add(usage("a new item's unclosed quote", d -> { },
                "--new-item: the value of title opens a double quote that is never closed")
                .args("recommend", "--model", "{mlmodel}", "--new-item", "title=\"Heat, The (1995),genres=Action"));
        return cases.stream();
    }

    /** A quick training run on the synthetic data (outputs in the case's folder). */
    private static final String[] SYNTHETIC = {"train", "--data", "synthetic", "--epochs", "1", "--samples", "0",
        "--model", "{dir}/t.model", "--history", "{dir}/h.csv"};

    /** The shared checkpoint with the last input row of user_tower.dense0.kernel (256 weights) cut off. */
    private static void narrowFirstLayer(Path target) {
        try {
            Checkpoint c = Checkpoint.read(checkpoint);
            Map<String, float[]> params = new LinkedHashMap<>(c.params());
            float[] kernel = params.get("user_tower.dense0.kernel");
            params.put("user_tower.dense0.kernel", Arrays.copyOf(kernel, kernel.length - 256));
            new Checkpoint(c.epoch(), c.rngState(), params, c.optimizerState(), c.bestParams(), c.bestLoss(), c.bestEpoch(),
                    c.epochsWithoutImprovement(), c.history(), c.fingerprint()).write(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of {@code size} bytes that starts with {@code head}; the rest is a hole (no disk space used). */
    private static void sparse(Path file, long size, byte[] head) {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.write(head);
            f.setLength(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** dir/gone.model, trained on the data folder dir/gone, which is then deleted. */
    private static void trainThenRemoveData(Path dir) {
        Path data = TinyMovieLens.write(dir.resolve("gone"));
        TinyMovieLens.train(data, dir.resolve("gone.model"));
        try {
            for (String f : List.of("movies.csv", "ratings.csv")) Files.delete(data.resolve(f));
            Files.delete(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            } else if (want.contains("{hex16}")) {
                String regex = Arrays.stream(want.split("\\{hex16}", -1)).map(Pattern::quote).collect(Collectors.joining("[0-9a-f]{16}"));
                assertTrue(line.matches(regex), "expected a line like\n  " + want + "\ngot\n  " + line);
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
                .replace("{model}", model.toString()).replace("{ckpt}", checkpoint.toString())
                .replace("{mlmodel}", mlModel.toString());
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
