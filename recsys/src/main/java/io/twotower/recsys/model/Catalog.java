package io.twotower.recsys.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What a saved model knows about its world besides weights: the user and item ids (in index order),
 * the items' display labels and group (e.g. main genre, for plots), and which items each user rated in
 * training (so {@code recommend} can leave them out without the data folder).
 *
 * <p>Seen items are stored compressed-row style: user u's items are
 * {@code seenItems[seenStart[u] .. seenStart[u + 1])}, sorted ascending.
 */
public final class Catalog {
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

    void writeTo(DataOutputStream out) throws IOException {
        writeStrings(out, userIds);
        writeStrings(out, itemIds);
        writeStrings(out, itemLabels);
        writeStrings(out, itemGroups);
        writeInts(out, seenStart);
        writeInts(out, seenItems);
    }

    static Catalog readFrom(DataInputStream in) throws IOException {
        String[] users = readStrings(in);
        String[] items = readStrings(in);
        String[] labels = readStrings(in);
        String[] groups = readStrings(in);
        int[] start = readInts(in);
        int[] seen = readInts(in);
        return new Catalog(users, items, labels, groups, start, seen);
    }

    private static void writeStrings(DataOutputStream out, String[] values) throws IOException {
        out.writeInt(values.length);
        for (String v : values) out.writeUTF(v);
    }

    private static String[] readStrings(DataInputStream in) throws IOException {
        String[] values = new String[checkedLength(in.readInt())];
        for (int i = 0; i < values.length; i++) values[i] = in.readUTF();
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
