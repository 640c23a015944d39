package io.twotower.recsys.model;

import io.twotower.recsys.features.StringEncoding;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a saved model knows about its world besides weights: the user and item ids (in index order),
 * the items' display labels and group (e.g. main genre, for plots), and which items each user rated in
 * training (so {@code recommend} can leave them out without the data folder).
 *
 * <p>Seen items are stored compressed-row style: user u's items are
 * {@code seenItems[seenStart[u] .. seenStart[u + 1])}, sorted ascending.
 *
 * <p>Stored layout ({@link #writeTo}): the magic {@code "TTCT"}, the version 2, then the four string
 * arrays (user ids, item ids, labels, groups) each as a count and {@link StringEncoding#UTF8}
 * strings, of any length, then {@code seenStart} and {@code seenItems} as a count and ints. Version
 * 1, written before strings could exceed 64 KB, has no magic and no version: it starts directly
 * with the user count, and its strings are {@link StringEncoding#MODIFIED_UTF8}. Both are read.
 */
public final class Catalog {
    /** "TTCT". A version 1 catalog starts with its user count instead, which is at most 100,000,000: below this. */
    private static final int MAGIC = 0x54544354;
    private static final int VERSION = 2;

    private final String[] userIds;
    private final String[] itemIds;
    private final String[] itemLabels;
    private final String[] itemGroups;
    private final int[] seenStart;
    private final int[] seenItems;
    private final Map<String, Integer> userIndex = new HashMap<>();
    private final Map<String, Integer> itemIndex = new HashMap<>();

    public Catalog(String[] userIds, String[] itemIds, String[] itemLabels, String[] itemGroups,
                   int[] seenStart, int[] seenItems) {
        if (itemLabels.length != itemIds.length || itemGroups.length != itemIds.length) {
            throw new IllegalArgumentException("one label and one group per item expected");
        }
        if (seenStart.length != userIds.length + 1) {
            throw new IllegalArgumentException("seenStart needs numUsers + 1 entries");
        }
        this.userIds = userIds;
        this.itemIds = itemIds;
        this.itemLabels = itemLabels;
        this.itemGroups = itemGroups;
        this.seenStart = seenStart;
        this.seenItems = seenItems;
        for (int u = 0; u < userIds.length; u++) userIndex.put(userIds[u], u);
        for (int i = 0; i < itemIds.length; i++) itemIndex.put(itemIds[i], i);
    }

    /** Builds the seen-item lists from parallel arrays of (user, item) training pairs. */
    public static Catalog of(String[] userIds, String[] itemIds, String[] itemLabels, String[] itemGroups,
                             int[] trainUsers, int[] trainItems) {
        int numUsers = userIds.length;
        int[] start = new int[numUsers + 1];
        for (int u : trainUsers) start[u + 1]++;
        for (int u = 0; u < numUsers; u++) start[u + 1] += start[u];
        int[] fill = Arrays.copyOf(start, numUsers);
        int[] items = new int[trainUsers.length];
        for (int r = 0; r < trainUsers.length; r++) items[fill[trainUsers[r]]++] = trainItems[r];
        for (int u = 0; u < numUsers; u++) Arrays.sort(items, start[u], start[u + 1]);
        return new Catalog(userIds, itemIds, itemLabels, itemGroups, start, items);
    }

    public int numUsers() { return userIds.length; }
    public int numItems() { return itemIds.length; }
    public String userId(int u) { return userIds[u]; }
    public String itemId(int i) { return itemIds[i]; }
    public String itemLabel(int i) { return itemLabels[i]; }
    public String itemGroup(int i) { return itemGroups[i]; }

    /** Index of a user id, or -1 when the model has never seen it. */
    public int userIndex(String id) { return userIndex.getOrDefault(id, -1); }

    /** Index of an item id, or -1 when the model has never seen it. */
    public int itemIndex(String id) { return itemIndex.getOrDefault(id, -1); }

    /** Whether user u rated item i in training (binary search in the sorted row). */
    public boolean seen(int u, int i) {
        return Arrays.binarySearch(seenItems, seenStart[u], seenStart[u + 1], i) >= 0;
    }

    public int seenCount(int u) { return seenStart[u + 1] - seenStart[u]; }

    /** Writes the catalog in the current layout (see the class comment). */
    public void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        for (String[] strings : List.of(userIds, itemIds, itemLabels, itemGroups)) {
            StringEncoding.UTF8.writeAll(out, Arrays.asList(strings));
        }
        writeInts(out, seenStart);
        writeInts(out, seenItems);
    }

    /** Reads a catalog written by {@link #writeTo}, or by version 1 (see the class comment). */
    public static Catalog readFrom(DataInputStream in) throws IOException {
        int first = in.readInt();
        StringEncoding strings;
        String[] users;
        if (first == MAGIC) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("catalog version " + version + ", this build reads 1 and " + VERSION);
            }
            strings = StringEncoding.UTF8;
            users = readStrings(in, strings, in.readInt());
        } else {
            strings = StringEncoding.MODIFIED_UTF8; // version 1: the first int was the user count
            users = readStrings(in, strings, first);
        }
        String[] items = readStrings(in, strings, in.readInt());
        String[] labels = readStrings(in, strings, in.readInt());
        String[] groups = readStrings(in, strings, in.readInt());
        int[] start = readInts(in);
        int[] seen = readInts(in);
        return new Catalog(users, items, labels, groups, start, seen);
    }

    /** Reads {@code count} strings (the count already read: version 1's first count doubles as the marker). */
    private static String[] readStrings(DataInputStream in, StringEncoding encoding, int count) throws IOException {
        String[] values = new String[checkedLength(count)];
        for (int i = 0; i < values.length; i++) values[i] = encoding.read(in);
        return values;
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) out.writeInt(v);
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int[] values = new int[checkedLength(in.readInt())];
        for (int i = 0; i < values.length; i++) values[i] = in.readInt();
        return values;
    }

    private static int checkedLength(int n) throws IOException {
        if (n < 0 || n > 100_000_000) throw new IOException("implausible array length " + n);
        return n;
    }
}
