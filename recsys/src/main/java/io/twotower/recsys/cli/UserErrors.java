package io.twotower.recsys.cli;

import io.twotower.recsys.app.OutputFiles;
import io.twotower.recsys.app.UsageException;
import io.twotower.engine.io.ModelFormatException;
import io.twotower.recsys.data.DataException;
import io.twotower.recsys.train.TrainingDivergedException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;

/**
 * Turns exceptions into what a user should see: one line saying what is wrong and where, a non-zero
 * exit code, and a stack trace only when {@code --debug} is on (or for a genuine bug).
 */
final class UserErrors implements CommandLine.IExecutionExceptionHandler {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    private final PrintWriter err;

    UserErrors(PrintWriter err) {
        this.err = err;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        boolean debug = isDebug(cli);
        String message = userMessage(e);
        if (message == null) {
            // Not a user mistake: a bug. Say so, and show where.
            err.println("error: internal error: " + e);
            e.printStackTrace(err);
            return EXIT_FAILURE;
        }
        err.println("error: " + message);
        if (debug) e.printStackTrace(err);
        err.flush();
        return e instanceof UsageException ? EXIT_USAGE : EXIT_FAILURE;
    }

    static int onParameterError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println("error: " + e.getMessage());
        err.println("Try '" + cli.getCommandSpec().qualifiedName() + " --help' for the options.");
        // The options were not parsed, so --debug is looked for among the raw arguments.
        if (Arrays.asList(args).contains("--debug")) e.printStackTrace(err);
        err.flush();
        return EXIT_USAGE;
    }

    /** The one-line message for a user mistake, or null when the exception is a bug. */
    static String userMessage(Throwable e) {
        if (e instanceof UncheckedIOException u) return userMessage(u.getCause());
        if (e instanceof DataException || e instanceof UsageException || e instanceof TrainingDivergedException
                || e instanceof ModelFormatException || e instanceof OutputFiles.WriteFailedException) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException n) return n.getFile() + ": no such file or folder";
        if (e instanceof AccessDeniedException a) return a.getFile() + ": permission denied";
        if (e instanceof FileSystemException f && f.getFile() != null) {
            // e.g. a model written to a temporary file, then moved onto a folder: name the destination
            String file = f.getOtherFile() != null ? f.getOtherFile() : f.getFile();
            return file + ": " + (f.getReason() == null ? "cannot be read or written" : f.getReason());
        }
        if (e instanceof IOException) return e.getMessage() == null ? e.toString() : e.getMessage();
        return null;
    }

    private static boolean isDebug(CommandLine cli) {
        for (CommandLine c = cli; c != null; c = c.getParent()) {
            if (c.getCommand() instanceof CommonOptions.Holder h && h.common().debug) return true;
        }
        return false;
    }
}
