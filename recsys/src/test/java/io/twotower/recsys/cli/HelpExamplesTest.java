package io.twotower.recsys.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every example in every --help text works: each is written {@code e.g. --flag 'value'} (quoted as a
 * shell needs it), and each is run, on a model trained on {@link TinyMovieLens}, whose genres and titles
 * the examples name. An "e.g." in another form fails the test, so that no example escapes it.
 */
class HelpExamplesTest {
    private static final Pattern EXAMPLE = Pattern.compile("e\\.g\\. (--[a-z-]+) '([^']*)'");
    @TempDir
    static Path dir;
    static Path model;
    /** A small table-format folder (ratings 1 to 5) for the examples of train's table-format flags. */
    static Path table;

    @BeforeAll
    static void trainOnTinyMovieLens() throws java.io.IOException {
        model = dir.resolve("ml.model");
        TinyMovieLens.train(TinyMovieLens.write(dir.resolve("ml")), model);
        table = java.nio.file.Files.createDirectories(dir.resolve("table"));
        StringBuilder users = new StringBuilder("user_id,age\n"), items = new StringBuilder("item_id,price\n");
        StringBuilder interactions = new StringBuilder("user_id,item_id,rating\n");
        for (int u = 0; u < 6; u++) users.append('u').append(u).append(',').append(20 + 7 * u).append('\n');
        for (int i = 0; i < 8; i++) items.append('i').append(i).append(',').append(1 + i).append(".5\n");
        for (int u = 0; u < 6; u++) {
            for (int i = 0; i < 6; i++) interactions.append('u').append(u).append(",i").append((u + i) % 8).append(',').append(1 + (u * i) % 5).append('\n');
        }
        java.nio.file.Files.writeString(table.resolve("users.csv"), users);
        java.nio.file.Files.writeString(table.resolve("items.csv"), items);
        java.nio.file.Files.writeString(table.resolve("interactions.csv"), interactions);
    }

    record Example(String command, String flag, String value) {}

    /** The examples in the option descriptions of every subcommand. */
    static List<Example> examples() {
        List<Example> found = new ArrayList<>();
        CommandLine cli = new CommandLine(new Main());
        for (Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet()) {
            for (OptionSpec option : sub.getValue().getCommandSpec().options()) {
                String text = String.join(" ", option.description());
                Matcher m = EXAMPLE.matcher(text);
                int count = 0;
                while (m.find()) {
                    found.add(new Example(sub.getKey(), m.group(1), m.group(2)));
                    count++;
                }
                assertEquals(text.split("e\\.g\\.", -1).length - 1, count,
                        sub.getKey() + " " + option.longestName() + ": write examples as e.g. --flag 'value': " + text);
            }
        }
        return found;
    }

    @Test
    void everyExampleInTheHelpRuns() {
        List<Example> examples = examples();
        assertFalse(examples.isEmpty());
        Map<String, List<String>> base = Map.of("recommend", List.of("recommend", "--model", model.toString(), "--k", "2"),
                "train", List.of("train", "--data", table.toString(), "--epochs", "1", "--user-layers", "8,4",
                        "--item-layers", "8,4", "--samples", "0", "--model", dir.resolve("t.model").toString(),
                        "--history", dir.resolve("t.csv").toString()));
        for (Example e : examples) {
            assertTrue(base.containsKey(e.command()), "no way to run the examples of '" + e.command() + "' yet: " + e);
            List<String> argv = new ArrayList<>(base.get(e.command()));
            argv.add(e.flag());
            argv.add(e.value());
            TinyTrainedModel.Run r = TinyTrainedModel.run(argv.toArray(new String[0]));
            assertEquals(0, r.exitCode(), e + ":\n" + r.err());
            assertEquals("", r.err(), e.toString());
        }
    }

    /** The help's own example: a title with a comma, in double quotes, and the flag given twice. */
    @Test
    void quotedValuesAndRepeatedFlagsDescribeOneItem() {
        TinyTrainedModel.Run r = TinyTrainedModel.run("recommend", "--model", model.toString(), "--k", "1",
                "--new-item", "title=\"American President, The (1995)\"", "--new-item", "genres=Comedy|Romance");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Top 1 users for a new item with {title=American President, The (1995), genres=Comedy|Romance}:"), r.out());
    }
}
