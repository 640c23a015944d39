package io.twotower.recsys.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way the job writes files: atomic, through links, with ordinary permissions, errors naming the flag. */
class OutputFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndLeavesNothingElse() throws IOException {
        Path file = dir.resolve("metrics.json");
        OutputFiles.write("--metrics-json", file, OutputFiles.text("old"));
        OutputFiles.write("--metrics-json", file, OutputFiles.text("new"));
        assertEquals("new", Files.readString(file));
        assertEquals(List.of(file), listing(dir));
    }

    /** A full disk half-way: the old file stays as it was, the half-written one is gone, the message says so. */
    @Test
    void aFailedWriteNamesFlagAndPathAndKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("x.model");
        Files.writeString(file, "the old model");
        OutputFiles.WriteFailedException e = assertThrows(OutputFiles.WriteFailedException.class,
                () -> OutputFiles.write("--model", file, fresh -> {
                    Files.writeString(fresh, "half a mod");
                    throw new IOException("No space left on device");
                }));
        assertEquals("--model " + file + ": cannot write (No space left on device); the old file is unchanged", e.getMessage());
        assertEquals("the old model", Files.readString(file));
        assertEquals(List.of(file), listing(dir));

        Path none = dir.resolve("none.model");
        e = assertThrows(OutputFiles.WriteFailedException.class,
                () -> OutputFiles.write("--model", none, fresh -> { throw new IOException("No space left on device"); }));
        assertEquals("--model " + none + ": cannot write (No space left on device); nothing was written", e.getMessage());
    }

    /** The file the link points to is replaced; the link stays a link. */
    @Test
    void writesThroughASymbolicLink() throws IOException {
        Path real = Files.createDirectories(dir.resolve("models")).resolve("real.model");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.model"), Path.of("models", "real.model"));
        OutputFiles.write("--model", link, OutputFiles.text("new"));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(real));
        assertEquals(List.of(real), listing(real.getParent()));
    }

    /** Not owner-only (as Files.createTempFile would make it): the umask decides, as for any new file. */
    @Test
    void permissionsFollowTheUmask() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path written = dir.resolve("history.csv");
        OutputFiles.write("--history", written, OutputFiles.text("x"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
    }

    @Test
    void prepareCreatesMissingFoldersAndRefusesFoldersAndDevices() throws IOException {
        Path nested = dir.resolve("a/b/c/x.model");
        OutputFiles.prepare("--model", nested, "recsys.model");
        assertTrue(Files.isDirectory(nested.getParent()));
        assertEquals(List.of(), listing(nested.getParent()), "the probe file is gone again");

        UsageException folder = assertThrows(UsageException.class, () -> OutputFiles.prepare("--model", dir, "recsys.model"));
        assertEquals("--model " + dir + " is a folder; expected a file name, e.g. " + dir.resolve("recsys.model"), folder.getMessage());
        UsageException device = assertThrows(UsageException.class,
                () -> OutputFiles.prepare("--model", Path.of("/dev/full"), "recsys.model"));
        assertEquals("--model /dev/full is not a regular file (a device or a pipe?); expected a file name, e.g. out/recsys.model",
                device.getMessage());
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
