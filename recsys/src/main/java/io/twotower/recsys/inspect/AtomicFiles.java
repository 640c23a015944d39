package io.twotower.recsys.inspect;

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
 * Output files written whole or not at all. The bytes go to a fresh name in the target's folder, which
 * is then renamed onto the target: a full disk or a crash half-way leaves the old file (or none) under
 * the real name, never a truncated one.
 */
final class AtomicFiles {
    private static final SecureRandom TEMP_NAMES = new SecureRandom();

    private AtomicFiles() {}

    /**
     * Writes {@code bytes} to {@code target}, replacing it. On failure the temporary file is removed and
     * the IOException's message is one line naming the target and the reason, e.g.
     * "cannot write out/plots/item_map.png: No space left on device".
     */
    static void write(Path target, byte[] bytes) throws IOException {
        // A fresh name beside the target (CREATE_NEW: never someone else's file). Not Files.createTempFile,
        // which makes the file owner-only: the result would then not follow the umask like other outputs.
        Path folder = target.toAbsolutePath().getParent();
        Path temp = folder.resolve(target.getFileName() + "." + Long.toUnsignedString(TEMP_NAMES.nextLong(), 36) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(true); // on disk before the rename makes it visible
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The write failed already; that error is the one to report.
            }
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /** Creates a folder (and its parents) for output, with a one-line error naming it. */
    static void createFolder(Path folder) throws IOException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IOException("cannot create the folder " + folder + ": " + reason(e), e);
        }
    }

    /** What went wrong, in a few words (the file is named by the caller). */
    static String reason(IOException e) {
        if (e instanceof DirectoryNotEmptyException) return "a folder of that name is in the way";
        if (e instanceof FileAlreadyExistsException) return "a file of that name is in the way";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such folder";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
