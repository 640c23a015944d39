package io.twotower.recsys.app;

import io.twotower.engine.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Every file a job writes (model, checkpoint, history, metrics JSON, diagnostics) goes through here, so
 * that all of them follow the same three rules:
 *
 * <ol>
 *   <li><b>Checked before the work.</b> {@link #prepare} runs before training: it refuses a folder or a
 *       device as the target, creates the target's folder and makes sure a file can be created in it, so
 *       that a mistyped path fails in the first second, naming the flag, and not after an hour of training.</li>
 *   <li><b>Atomic.</b> {@link #write} writes the whole file under a fresh name beside the target, flushes it
 *       to disk and renames it over the target in one step: a reader, a crash or Ctrl-C sees the old file
 *       or the new one, never half of one. The fresh name is created with {@code CREATE_NEW}, never someone
 *       else's file; not with {@code Files.createTempFile}, which makes the file owner-only, so outputs
 *       get the permissions the umask gives any new file.</li>
 *   <li><b>Links are followed.</b> When the target is a symbolic link, the file it points to is replaced
 *       and the link stays a link.</li>
 * </ol>
 *
 * A failed write names the flag and the path, says why, and says that the old file (if any) is unchanged.
 */
public final class OutputFiles {

    /** A write that failed (a full disk, a lost permission): exit code 1, the message names flag and path. */
    public static final class WriteFailedException extends RuntimeException {
        WriteFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** More links than this in a row is a loop. */
    private static final int MAX_LINKS = 40;

    private OutputFiles() {}

    /** The content as UTF-8 text. */
    public static AtomicFiles.Content text(String text) {
        return fresh -> Files.writeString(fresh, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
    }

    /**
     * Checks, before any work, that {@code path} can take the output of {@code flag}: it is not a folder or
     * any other non-regular file (a device such as /dev/full), its folder exists or can be created, and a
     * file can be created there. Mistakes are {@link UsageException}s naming the flag.
     *
     * @param example a file name to suggest, e.g. "recsys.model"
     */
    public static void prepare(String flag, Path path, String example) {
        Path target = followLinks(flag, path);
        if (Files.isDirectory(target)) {
            throw new UsageException(flag + " " + path + " is a folder; expected a file name, e.g. " + path.resolve(example));
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw new UsageException(flag + " " + path + " is not a regular file (a device or a pipe?); expected a file "
                    + "name, e.g. " + Path.of("out", example));
        }
        Path folder = target.getParent() != null ? target.getParent() : Path.of("."); // as the user wrote it, for messages
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            throw new UsageException(flag + " " + path + ": cannot create the folder " + e.getFile()
                    + ", a file of that name is in the way");
        } catch (IOException e) {
            throw new UsageException(flag + " " + path + ": cannot create the folder " + folder + " (" + reason(e) + ")");
        }
        Path probe = AtomicFiles.freshSibling(target);
        try {
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new UsageException(flag + " " + path + ": cannot create a file in " + folder + " (" + reason(e) + ")");
        }
    }

    /**
     * Writes a file atomically (see the class comment). On failure nothing but the old file is left, and
     * the {@link WriteFailedException} says so: {@code --model out/x.model: cannot write (No space left on
     * device); the old file is unchanged}.
     */
    public static void write(String flag, Path path, AtomicFiles.Content content) {
        Path target = followLinks(flag, path);
        String shown = flag + " " + path + (target.equals(path) ? "" : " (a link to " + target + ")");
        boolean existed = Files.exists(target);
        try {
            AtomicFiles.write(target, content);
        } catch (IOException e) {
            throw new WriteFailedException(shown + ": cannot write (" + reason(e) + "); "
                    + (existed ? "the old file is unchanged" : "nothing was written"), e);
        }
    }

    /** The file a chain of symbolic links ends at (the path itself when it is not a link). */
    static Path followLinks(String flag, Path path) {
        Path p = path;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == MAX_LINKS) throw new UsageException(flag + " " + path + ": too many symbolic links (a loop?)");
            try {
                p = p.resolveSibling(Files.readSymbolicLink(p)); // a relative link is relative to its own folder
            } catch (IOException e) {
                throw new UsageException(flag + " " + path + ": cannot read the link (" + reason(e) + ")");
            }
        }
        return p;
    }

    /** "No space left on device", not the Java class name and the whole path again. */
    static String reason(IOException e) {
        return AtomicFiles.reason(e);
    }
}
