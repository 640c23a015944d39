package io.twotower.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twotower.engine.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> sample() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("user.dense0.kernel", Tensor.of(new float[] {1f, -2.5f, 3e-8f, Float.MAX_VALUE, -0f, 7f}, 2, 3));
        tensors.put("user.dense0.bias", Tensor.of(new float[] {0.1f, 0.2f, 0.3f}, 3));
        tensors.put("é", Tensor.of(new float[] {42f}, 1)); // a non-ASCII name
        return tensors;
    }

    @Test
    void roundTripKeepsNamesOrderShapesValuesAndMetadata() throws IOException {
        Path file = dir.resolve("model.ttw");
        byte[] metadata = "{\"epochs\": 3}".getBytes(StandardCharsets.UTF_8);
        ModelFile.write(file, sample(), metadata);
        ModelFile.Contents read = ModelFile.read(file);
        assertEquals(List.of("user.dense0.kernel", "user.dense0.bias", "é"), List.copyOf(read.tensors().keySet()));
        for (Map.Entry<String, Tensor> e : sample().entrySet()) {
            Tensor t = read.tensors().get(e.getKey());
            assertArrayEquals(e.getValue().shape(), t.shape());
            assertArrayEquals(e.getValue().data(), t.data());
            assertEquals(e.getKey(), t.name());
        }
        assertArrayEquals(metadata, read.metadata());
    }

    @Test
    void overwritesAnOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.ttw");
        ModelFile.write(file, sample(), new byte[0]);
        ModelFile.write(file, Map.of("w", Tensor.of(new float[] {5f}, 1)), new byte[] {1, 2});
        assertEquals(List.of("w"), List.copyOf(ModelFile.read(file).tensors().keySet()));
        assertEquals(List.of(file), listing());
    }

    @Test
    void failedWriteLeavesNoTemporaryFile() throws IOException {
        // The target is a non-empty folder, so the final rename fails after the temp file was written.
        Path target = Files.createDirectory(dir.resolve("model.ttw"));
        Files.writeString(target.resolve("keep"), "x");
        assertThrows(IOException.class, () -> ModelFile.write(target, sample(), new byte[0]));
        assertEquals(List.of(target), listing());
    }

    @Test
    void truncatedFileIsReportedAsTruncated() throws IOException {
        Path file = dir.resolve("model.ttw");
        ModelFile.write(file, sample(), new byte[] {9, 9, 9});
        byte[] bytes = Files.readAllBytes(file);
        for (int length : new int[] {10, bytes.length / 2, bytes.length - 1}) {
            Files.write(file, Arrays.copyOf(bytes, length));
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
            assertTrue(e.getMessage().contains("truncated"), length + " bytes: " + e.getMessage());
        }
    }

    @Test
    void flippedByteIsReportedAsChecksumMismatch() throws IOException {
        Path file = dir.resolve("model.ttw");
        ModelFile.write(file, sample(), new byte[0]);
        byte[] bytes = Files.readAllBytes(file);
        bytes[40] ^= 0x10; // inside the first tensor's values
        Files.write(file, bytes);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void otherFilesAreReportedAsNotAModelFile() throws IOException {
        Path file = dir.resolve("ratings.csv");
        Files.writeString(file, "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains("not a model file") && e.getMessage().contains("ratings.csv"), e.getMessage());
    }

    @Test
    void newerFormatVersionIsReportedWithBothVersions() throws IOException {
        Path file = dir.resolve("model.ttw");
        ModelFile.write(file, sample(), new byte[0]);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4, ModelFile.FORMAT_VERSION + 1); // bytes 4..7: the version
        Files.write(file, bytes);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(file));
        assertTrue(e.getMessage().contains("written by format version 2, this build reads up to 1"), e.getMessage());
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** A layer's parameters go out by name and come back into another layer of the same shape. */
    @Test
    void parametersLoadBackIntoALayerByNameAndShape() throws IOException {
        io.twotower.engine.Rng rng = new io.twotower.engine.Rng(3);
        io.twotower.engine.nn.Sequential saved = io.twotower.engine.nn.Sequential.mlp("net", 5, new int[] {7, 2}, rng);
        io.twotower.engine.nn.Sequential fresh = io.twotower.engine.nn.Sequential.mlp("net", 5, new int[] {7, 2}, new io.twotower.engine.Rng(4));
        Path file = dir.resolve("net.ttw");
        ModelFile.writeParameters(file, saved.parameters(), "xor".getBytes(StandardCharsets.UTF_8));
        byte[] metadata = ModelFile.readInto(file, fresh.parameters());
        assertEquals("xor", new String(metadata, StandardCharsets.UTF_8));
        for (int i = 0; i < saved.parameters().size(); i++) {
            assertArrayEquals(saved.parameters().get(i).data(), fresh.parameters().get(i).data(), saved.parameters().get(i).name());
        }
    }

    @Test
    void loadingIntoAnotherShapeOrAnotherLayerNamesTheParameterAndChangesNothing() throws IOException {
        io.twotower.engine.Rng rng = new io.twotower.engine.Rng(3);
        Path file = dir.resolve("net.ttw");
        ModelFile.writeParameters(file, io.twotower.engine.nn.Sequential.mlp("net", 5, new int[] {7, 2}, rng).parameters(), null);

        io.twotower.engine.nn.Sequential wider = io.twotower.engine.nn.Sequential.mlp("net", 5, new int[] {8, 2}, rng);
        float[] before = wider.parameters().get(0).data().clone();
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.readInto(file, wider.parameters()));
        assertTrue(e.getMessage().contains("net.dense0.kernel") && e.getMessage().contains("(5, 7)") && e.getMessage().contains("(5, 8)"), e.getMessage());
        assertArrayEquals(before, wider.parameters().get(0).data(), "nothing is copied when a check fails");

        io.twotower.engine.nn.Sequential other = io.twotower.engine.nn.Sequential.mlp("other", 5, new int[] {7, 2}, rng);
        e = assertThrows(ModelFormatException.class, () -> ModelFile.readInto(file, other.parameters()));
        assertTrue(e.getMessage().contains("has no parameter other.dense0.kernel"), e.getMessage());

        io.twotower.engine.nn.Sequential shorter = io.twotower.engine.nn.Sequential.mlp("net", 5, new int[] {7}, rng);
        e = assertThrows(ModelFormatException.class, () -> ModelFile.readInto(file, shorter.parameters()));
        assertTrue(e.getMessage().contains("does not have") && e.getMessage().contains("net.dense1.kernel"), e.getMessage());
    }

    /** The file is written under a fresh name and renamed: its permissions follow the umask, like any output. */
    @Test
    void theModelFileIsNotOwnerOnly() throws IOException {
        Path file = dir.resolve("model.ttw");
        ModelFile.write(file, sample(), null);
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    }
}
