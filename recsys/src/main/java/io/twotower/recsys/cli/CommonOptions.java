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
            if (threads < 1 || threads > 1024) throw new UsageException("--threads must be between 1 and 1024, got " + threads);
            io.twotower.engine.kernels.Parallel.setThreads(threads);
        }
    }
}
