package io.twotower.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Files written whole or not at all: the one mechanism behind {@link ModelFile#write} and every output
 * of the recommender (models, checkpoints, history, metrics, diagnostics, plots). The bytes go to a fresh name in the
 * target's folder, are flushed to disk, and the fresh file is then renamed onto the target in one step:
 * a full disk, a crash or Ctrl-C half-way leaves the old file (or none) under the real name, never a
 * truncated one.
 *
 * <p>The fresh name is created with {@code CREATE_NEW} (never someone else's file), not with
 * {@code Files.createTempFile}, which makes the file owner-only: outputs get the permissions the umask
 * gives any new file.
 */
public final class AtomicFiles {
    private static final SecureRandom FRESH_NAMES = new SecureRandom();

    private AtomicFiles() {}

    /** Writes a complete new file at {@code fresh}, a path where no file exists yet. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path fresh) throws IOException;
    }

    /** Content that is exactly these bytes. */
    public static Content bytes(byte[] bytes) {
        return fresh -> {
            try (FileChannel channel = FileChannel.open(fresh, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) channel.write(buffer);
            }
        };
    }

    /**
     * Replaces {@code target} with what {@code content} writes, atomically (see the class comment). On failure
     * the fresh file is removed and the IOException is rethrown; the target is as it was.
     */
    public static void write(Path target, Content content) throws IOException {
        Path fresh = freshSibling(target);
        try {
            content.writeTo(fresh);
            try (FileChannel channel = FileChannel.open(fresh, StandardOpenOption.WRITE)) {
                channel.force(true); // on disk before the rename makes it visible
            }
            try {
                Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(fresh, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(fresh);
            throw e;
        }
    }

    /**
     * Writes {@code bytes} to {@code target} atomically. The IOException's message is one line naming the
     * target and the reason, e.g. "cannot write out/plots/item_map.png: No space left on device".
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        try {
            write(target, bytes(bytes));
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /** Creates a folder (and its parents) for output, with a one-line error naming it. */
    public static void createFolder(Path folder) throws IOException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IOException("cannot create the folder " + folder + ": " + reason(e), e);
        }
    }

    /** A name beside the target that nobody uses: {@code recsys.model.k3j9x0a1b2.tmp}. */
    public static Path freshSibling(Path target) {
        return target.resolveSibling(target.getFileName() + "." + Long.toUnsignedString(FRESH_NAMES.nextLong(), 36) + ".tmp");
    }

    /** What went wrong, in a few words ("No space left on device"; the file is named by the caller). */
    public static String reason(IOException e) {
        if (e instanceof DirectoryNotEmptyException) return "a folder of that name is in the way";
        if (e instanceof FileAlreadyExistsException) return "a file of that name is in the way";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or folder";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The write failed already; that error is the one to report.
        }
    }
}
