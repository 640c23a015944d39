package io.twotower.recsys.features;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How the strings of a model file (ids, titles, vocabularies, feature names) are stored.
 *
 * <p>Files are written with {@link #UTF8}. {@link #MODIFIED_UTF8} is Java's
 * {@link DataOutputStream#writeUTF}, which earlier versions used: its length prefix is two bytes,
 * so a string over 65,535 bytes (a long title, a vocabulary value taken from a 1 MB cell) could not
 * be saved at all, and a model failed to save after its training had finished. It is kept for
 * reading the files those versions wrote; each format that holds strings says in its version
 * number which encoding it used.
 */
public enum StringEncoding {

    /** A 4-byte length in bytes, then that many bytes of standard UTF-8: strings of any length. */
    UTF8 {
        @Override
        public void write(DataOutputStream out, String s) throws IOException {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(bytes.length);
            out.write(bytes);
        }

        @Override
        public String read(DataInputStream in) throws IOException {
            int length = in.readInt();
            if (length < 0) {
                throw new IOException("negative string length " + length);
            }
            // readNBytes grows its buffer as bytes arrive: a corrupt length cannot allocate gigabytes up front.
            byte[] bytes = in.readNBytes(length);
            if (bytes.length != length) {
                throw new EOFException("a string of " + length + " bytes ends after " + bytes.length);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    },

    /** {@link DataOutputStream#writeUTF}: a 2-byte length, at most 65,535 bytes. Read only. */
    MODIFIED_UTF8 {
        @Override
        public void write(DataOutputStream out, String s) {
            throw new UnsupportedOperationException("strings are written as UTF8; MODIFIED_UTF8 is read only");
        }

        @Override
        public String read(DataInputStream in) throws IOException {
            return in.readUTF();
        }
    };

    public abstract void write(DataOutputStream out, String s) throws IOException;

    public abstract String read(DataInputStream in) throws IOException;

    /** Writes a count, then each string. */
    public void writeAll(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            write(out, s);
        }
    }

    /** Reads what {@link #writeAll} wrote. */
    public List<String> readAll(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative string count " + n);
        }
        List<String> strings = new ArrayList<>(Math.min(n, 1 << 16)); // a corrupt count must not reserve gigabytes
        for (int i = 0; i < n; i++) {
            strings.add(read(in));
        }
        return strings;
    }
}
