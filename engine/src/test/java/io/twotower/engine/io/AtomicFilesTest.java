package io.twotower.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole files or nothing: what every output of the project is written with. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void replacesTheTargetAndLeavesNothingElse() throws IOException {
        Path target = dir.resolve("out.bin");
        Files.writeString(target, "old");
        AtomicFiles.write(target, "new content".getBytes(StandardCharsets.UTF_8));
        assertEquals("new content", Files.readString(target));
        assertEquals(List.of(target), files(), "no temporary file is left beside it");
    }

    /** A writer that fails half-way (a full disk, say) leaves the old file as it was and no temporary file. */
    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.bin");
        Files.writeString(target, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, fresh -> {
            Files.writeString(fresh, "half of it");
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void newFilesGetThePermissionsTheUmaskGivesAnyFile() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    }

    @Test
    void aFolderInTheWayIsOneLineNamingTheTarget() throws IOException {
        Path target = Files.createDirectories(dir.resolve("out.bin"));
        Files.writeString(target.resolve("inside"), "x");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[] {1}));
        assertTrue(e.getMessage().startsWith("cannot write " + target + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertEquals(List.of(target), files(), "no temporary file is left");
    }
}
