package io.twotower.recsys.app;

import io.twotower.engine.io.ModelFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The checks to make before a model or checkpoint file is read into memory, which the engine's reader
 * cannot make because it reads the whole file first: given {@code /dev/zero} or a 3 GB file by mistake,
 * it would run out of memory instead of saying what is wrong.
 *
 * <p>The engine's model-file header is {@code "TTWM"} (4 bytes), the format version (int32) and the body
 * length (int64), little-endian; the file is the 16-byte header, the body and a 4-byte CRC32. So from 16
 * bytes and the file's size alone we know whether the file can be one: a regular file, with the magic
 * number, exactly as long as its header announces, and under the format's 2 GB limit. What this lets
 * through, the engine's reader checks in full (version, checksum, tensor table).
 */
public final class ModelFileCheck {
    private static final int MAGIC = 0x4D575454; // "TTWM" read as a little-endian int
    private static final int HEADER_BYTES = 4 + 4 + 8;
    private static final int TRAILER_BYTES = 4;
    /** The format keeps the file in one Java array. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 16;

    private ModelFileCheck() {}

    /**
     * @param flag     the flag that named the file, e.g. "--model"
     * @param expected what the flag expects, e.g. "a model file written by 'recsys train'"
     * @throws UsageException       for something that is not a regular file (a folder, a device)
     * @throws ModelFormatException for a regular file that cannot be a model file of the length it has
     */
    public static void requireReadable(String flag, Path path, String expected) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new UsageException(flag + " " + path + " is not a regular file; expected " + expected);
        }
        long size = Files.size(path);
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            while (header.hasRemaining() && channel.read(header) >= 0) {
                // read until the header is full or the file ends
            }
        }
        if (header.position() < 4 || header.getInt(0) != MAGIC) {
            throw new ModelFormatException(path + ": not a model file (bad magic number; expected \"TTWM\")");
        }
        if (header.position() < HEADER_BYTES) {
            throw new ModelFormatException(path + ": truncated: " + size + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
        }
        long bodyLength = header.getLong(8);
        if (bodyLength < 0 || bodyLength > MAX_BYTES) {
            throw new ModelFormatException(path + ": corrupt: the header announces a body of " + bodyLength
                    + " bytes (a model file holds at most 2 GB)");
        }
        long announced = HEADER_BYTES + bodyLength + TRAILER_BYTES;
        if (size < announced) {
            throw new ModelFormatException(path + ": truncated: " + size + " bytes, the header announces " + announced);
        }
        if (size > announced) {
            throw new ModelFormatException(path + ": corrupt: " + (size - announced) + " unexpected bytes after the end of the model");
        }
    }
}
