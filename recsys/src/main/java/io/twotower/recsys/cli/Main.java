package io.twotower.recsys.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * Entry point of {@code bin/recsys}: a two-tower recommender on a from-scratch Java neural engine.
 *
 * <p>Exit codes: 0 success, 1 a problem with the data, a model file or training (one-line message),
 * 2 a command-line mistake (unknown flag, value out of range). {@code --debug} adds stack traces.
 */
@Command(name = "recsys",
        mixinStandardHelpOptions = true,
        version = "recsys 0.1.0 (two-tower recommender, Java Vector API engine)",
        description = "Trains, evaluates and queries a two-tower recommender.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, RecommendCommand.class,
                SimilarCommand.class, InspectCommand.class, ExplainCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (train, evaluate, recommend, similar, inspect, explain)");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI and returns its exit code; used by main and by the tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new UserErrors(err));
        cli.setParameterExceptionHandler(UserErrors::onParameterError);
        return cli.execute(args);
    }
}
