package io.twotower.engine.io;

import io.twotower.engine.Tensor;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Named tensors and opaque metadata in one binary file. Layout, all little-endian:
 * <pre>
 *   header   magic "TTWM" (4 bytes) | format version (int32) | body length in bytes (int64)
 *   body     tensor count (int32)
 *            per tensor: name length (int32) | name (UTF-8) | rank (int32) | dims (int32 each) | values (float32 each)
 *            metadata length (int32) | metadata bytes
 *   trailer  CRC32 of header and body (int32)
 * </pre>
 * Writes go to a temporary file in the same folder, which is then renamed over the target
 * atomically where the file system allows: a reader sees the old file or the new one, never half of one.
 */
public final class ModelFile {
    private ModelFile() {}

    /** "TTWM" read as a little-endian int. */
    static final int MAGIC = 0x4D575454;
    /** The format this build writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 4 + 4 + 8;
    static final int TRAILER_BYTES = 4;

    /** What a model file holds: the tensors by name, in file order, and the metadata bytes. */
    public record Contents(Map<String, Tensor> tensors, byte[] metadata) {}

    /** Writes tensors (keyed by name, in map order) and metadata to path, atomically replacing any old file. */
    public static void write(Path path, Map<String, Tensor> tensors, byte[] metadata) throws IOException {
        AtomicFiles.write(path.toAbsolutePath(), AtomicFiles.bytes(encode(tensors, metadata)));
    }

    /**
     * Saves parameters (for example {@code model.parameters()} of a {@link io.twotower.engine.nn.Layer}) under
     * their names, with metadata, atomically as {@link #write}. Names must be present and unique.
     */
    public static void writeParameters(Path path, List<Tensor> parameters, byte[] metadata) throws IOException {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor p : parameters) {
            if (p.name() == null) throw new IllegalArgumentException("model file: parameter " + p.shapeString() + " has no name");
            if (byName.put(p.name(), p) != null) throw new IllegalArgumentException("model file: two parameters are named " + p.name());
        }
        write(path, byName, metadata);
    }

    /**
     * Loads a file written by {@link #writeParameters} back into the given parameters, by name: the file must
     * hold exactly these names, each with the same shape. Every check is made before any value is copied,
     * so on an error the parameters keep their old values. Returns the metadata.
     */
    public static byte[] readInto(Path path, List<Tensor> parameters) throws IOException {
        Contents contents = read(path);
        Map<String, Tensor> stored = contents.tensors();
        for (Tensor p : parameters) {
            Tensor s = stored.get(p.name());
            if (s == null) {
                throw new ModelFormatException(path + ": has no parameter " + p.name() + " (it holds " + stored.keySet() + ")");
            }
            if (!java.util.Arrays.equals(s.shape(), p.shape())) {
                throw new ModelFormatException(path + ": parameter " + p.name() + " has shape " + s.shapeString()
                        + ", the model's is " + p.shapeString());
            }
        }
        if (stored.size() != parameters.size()) {
            java.util.Set<String> extra = new java.util.LinkedHashSet<>(stored.keySet());
            for (Tensor p : parameters) extra.remove(p.name());
            throw new ModelFormatException(path + ": holds parameters the model does not have: " + extra);
        }
        for (Tensor p : parameters) System.arraycopy(stored.get(p.name()).data(), 0, p.data(), 0, p.size());
        return contents.metadata();
    }

    /**
     * The whole file as bytes (header, tensors, metadata, checksum), for a caller that writes it through its
     * own atomic-write mechanism; {@link #write} is this plus the atomic write.
     */
    public static byte[] encode(Map<String, Tensor> tensors, byte[] metadata) {
        if (metadata == null) metadata = new byte[0];
        long bodyLength = 4 + 4 + (long) metadata.length;
        Map<String, byte[]> names = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) throw new IllegalArgumentException("model file: a tensor has an empty name");
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            names.put(e.getKey(), name);
            Tensor t = e.getValue();
            bodyLength += 4 + name.length + 4 + 4L * t.rank() + 4L * t.size();
        }
        long total = HEADER_BYTES + bodyLength + TRAILER_BYTES;
        if (total > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("model file: " + total + " bytes is more than this format's 2 GB limit");

        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC).putInt(FORMAT_VERSION).putLong(bodyLength);
        out.putInt(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            byte[] name = names.get(e.getKey());
            Tensor t = e.getValue();
            out.putInt(name.length).put(name);
            out.putInt(t.rank());
            for (int d : t.shape()) out.putInt(d);
            out.asFloatBuffer().put(t.data());
            out.position(out.position() + 4 * t.size());
        }
        out.putInt(metadata.length).put(metadata);
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /** Reads a file written by {@link #write}; throws ModelFormatException saying what is wrong with it. */
    public static Contents read(Path path) throws IOException {
        if (Files.isDirectory(path)) throw new ModelFormatException(path + ": is a folder, expected a model or checkpoint file");
        byte[] bytes = Files.readAllBytes(path);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 4 || in.getInt(0) != MAGIC) {
            throw new ModelFormatException(path + ": not a model file (bad magic number; expected \"TTWM\")");
        }
        if (bytes.length < HEADER_BYTES) {
            throw new ModelFormatException(path + ": truncated: " + bytes.length + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
        }
        int version = in.getInt(4);
        if (version > FORMAT_VERSION) {
            throw new ModelFormatException(path + ": written by format version " + version + ", this build reads up to " + FORMAT_VERSION);
        }
        if (version < 1) throw new ModelFormatException(path + ": corrupt: format version " + version);
        long bodyLength = in.getLong(8);
        long expected = HEADER_BYTES + bodyLength + TRAILER_BYTES;
        if (bodyLength < 0 || bytes.length < expected) {
            throw new ModelFormatException(path + ": truncated: " + bytes.length + " bytes, the header announces " + expected);
        }
        if (bytes.length > expected) {
            throw new ModelFormatException(path + ": corrupt: " + (bytes.length - expected) + " unexpected bytes after the end of the model");
        }
        int bodyEnd = (int) (HEADER_BYTES + bodyLength);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bodyEnd);
        int stored = in.getInt(bodyEnd);
        if (stored != (int) crc.getValue()) {
            throw new ModelFormatException(path + ": checksum mismatch (the file is corrupted): stored "
                    + Integer.toHexString(stored) + ", computed " + Long.toHexString(crc.getValue()));
        }
        try {
            return decode(in.position(HEADER_BYTES).limit(bodyEnd).slice().order(ByteOrder.LITTLE_ENDIAN));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            // The checksum matched, so a writer produced this: say so rather than blame the disk.
            throw new ModelFormatException(path + ": corrupt: inconsistent tensor table (" + e.getMessage() + ")");
        }
    }

    private static Contents decode(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0) throw new IllegalArgumentException("negative tensor count " + count);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[checkedLength(in.getInt(), in)];
            in.get(name);
            int rank = in.getInt();
            if (rank < 1 || rank > 2) throw new IllegalArgumentException("tensor " + i + " has rank " + rank);
            int[] shape = new int[rank];
            long size = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = in.getInt();
                size *= shape[d];
            }
            float[] data = new float[checkedLength(4 * size, in) / 4];
            in.asFloatBuffer().get(data);
            in.position(in.position() + 4 * data.length);
            String key = new String(name, StandardCharsets.UTF_8);
            tensors.put(key, Tensor.of(data, shape).named(key));
        }
        byte[] metadata = new byte[checkedLength(in.getInt(), in)];
        in.get(metadata);
        if (in.hasRemaining()) throw new IllegalArgumentException(in.remaining() + " bytes left after the metadata");
        return new Contents(tensors, metadata);
    }

    /** A length read from the file, checked against what is left before allocating. */
    private static int checkedLength(long length, ByteBuffer in) {
        if (length < 0 || length > in.remaining()) throw new IllegalArgumentException("length " + length + " exceeds the " + in.remaining() + " bytes left");
        return (int) length;
    }
}
