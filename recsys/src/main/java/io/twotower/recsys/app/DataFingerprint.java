package io.twotower.recsys.app;

import io.twotower.recsys.data.Dataset;
import io.twotower.recsys.data.FeatureTable;
import io.twotower.recsys.data.Splits;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What identifies a dataset for {@code --resume}: its content as loaded, not the path it was loaded
 * from. Changed data at the same path is then refused, and the same data under another path (a copy,
 * a relative instead of an absolute path) is accepted.
 *
 * <p>The content is every value the job reads, in a fixed order, hashed with SHA-256: the format and
 * rating scale; the user and item ids, item labels and both feature tables (each column's name,
 * kind and cells, so that a different {@code schema.csv} or {@code --schema} counts as other data);
 * every interaction (user, item, rating, timestamp); and where a predefined train/test split begins.
 * The description shows the first 64 bits of the hash after the sizes, so that a refusal can say
 * what changed: {@code 610 users, 9742 items, 100836 interactions, content 3f9a0c2e71b4d856}.
 */
public final class DataFingerprint {
    private DataFingerprint() {}

    /** Sizes and the first 16 hex digits (64 bits) of the content hash. */
    public static String describe(Dataset d) {
        return String.format(Locale.ROOT, "%d users, %d items, %d interactions, content %s",
                d.numUsers(), d.numItems(), d.size(), HexFormat.of().formatHex(contentHash(d), 0, 8));
    }

    /** SHA-256 over the dataset's values, as listed in the class comment. */
    static byte[] contentHash(Dataset d) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                new DigestOutputStream(OutputStream.nullOutputStream(), sha256)))) {
            out.writeUTF(d.format().name());
            out.writeFloat(d.minRating());
            out.writeFloat(d.maxRating());
            out.writeBoolean(d.hasDeclaredRatingRange());

            out.writeInt(d.numUsers());
            for (int u = 0; u < d.numUsers(); u++) text(out, d.userId(u));
            table(out, d.userTable());
            out.writeInt(d.numItems());
            for (int i = 0; i < d.numItems(); i++) {
                text(out, d.itemId(i));
                text(out, d.itemLabel(i));
            }
            table(out, d.itemTable());

            out.writeInt(d.size());
            out.writeBoolean(d.hasTimestamps());
            for (int r = 0; r < d.size(); r++) {
                out.writeInt(d.user(r));
                out.writeInt(d.item(r));
                out.writeFloat(d.rating(r));
                out.writeLong(d.timestamp(r));
            }
            out.writeInt(d.hasPredefinedSplit() ? Splits.predefined(d).train().length : -1);
        } catch (IOException e) {
            throw new UncheckedIOException("hashing in memory cannot fail", e);
        }
        return sha256.digest();
    }

    private static void table(DataOutputStream out, FeatureTable table) throws IOException {
        out.writeInt(table.rows());
        out.writeInt(table.columnNames().size());
        for (String column : table.columnNames()) {
            text(out, column);
            out.writeUTF(table.kind(column).name());
            for (int e = 0; e < table.rows(); e++) text(out, table.cell(column, e));
        }
    }

    /** Length-prefixed UTF-8, so that "ab","c" and "a","bc" hash differently (and any length fits). */
    private static void text(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
