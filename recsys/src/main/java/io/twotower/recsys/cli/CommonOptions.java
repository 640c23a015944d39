package io.twotower.recsys.cli;

import io.twotower.recsys.app.UsageException;
import picocli.CommandLine.Option;

/** Options every subcommand has. */
final class CommonOptions {
    @Option(names = "--debug", description = "Print stack traces with errors.")
    boolean debug;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the kernels (default: all cores). Same seed and threads give the same numbers.")
    Integer threads;

    /** A command that carries the common options. */
    interface Holder {
        CommonOptions common();
    }

    /** Applies --threads to the engine before any work. */
    void apply() {
        if (threads != null) {
            io.twotower.engine.kernels.Parallel.setThreads(Flags.inRange("--threads", threads, 1, 1024));
        }
    }
}
