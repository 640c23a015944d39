package io.twotower.recsys.train;

import io.twotower.engine.Tensor;
import io.twotower.engine.io.ModelFile;
import io.twotower.engine.io.ModelFormatException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue training exactly where it stopped, taken at the end of an epoch:
 * the weights, the optimizer's state, the shuffling generator's state, the early-stopping bookkeeping
 * (best weights so far, their loss and epoch, epochs without improvement) and the history.
 *
 * <p>Written with the engine's model-file format (magic number, version, CRC32, temp file + atomic
 * rename), tensors named {@code param/<name>}, {@code optimizer/<key>} and {@code best/<name>}.
 *
 * @param fingerprint the settings that must not change across a resume (data, split, seed, batch...)
 */
public record Checkpoint(int epoch, long[] rngState, Map<String, float[]> params, Map<String, float[]> optimizerState,
                         Map<String, float[]> bestParams, double bestLoss, int bestEpoch, int epochsWithoutImprovement,
                         List<EpochStats> history, String fingerprint) {

    private static final String MAGIC = "twotower-checkpoint";
    private static final int VERSION = 1;

    /** Writes the checkpoint to one file (atomically: temp file + rename). */
    public void write(Path path) throws IOException {
        ModelFile.write(path, tensors(), metadata());
    }

    /** The bytes {@link #write} writes, for callers with their own atomic write (the train job's outputs). */
    public byte[] encode() {
        return ModelFile.encode(tensors(), metadata());
    }

    private Map<String, Tensor> tensors() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        put(tensors, "param/", params);
        put(tensors, "optimizer/", optimizerState);
        if (bestParams != null) put(tensors, "best/", bestParams);
        return tensors;
    }

    private byte[] metadata() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(epoch);
            out.writeInt(rngState.length);
            for (long word : rngState) out.writeLong(word);
            out.writeDouble(bestLoss);
            out.writeInt(bestEpoch);
            out.writeInt(epochsWithoutImprovement);
            out.writeUTF(fingerprint);
            out.writeInt(history.size());
            for (EpochStats s : history) {
                out.writeInt(s.epoch());
                out.writeDouble(s.trainLoss());
                out.writeDouble(s.validationLoss());
                out.writeDouble(s.stepSeconds());
                out.writeDouble(s.examplesPerSecond());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    public static Checkpoint read(Path path) throws IOException {
        ModelFile.Contents contents = ModelFile.read(path);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(contents.metadata()))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new ModelFormatException(path + ": not a training checkpoint (a model file? resume takes the file written by --checkpoint-every or Ctrl-C)");
            }
            int version = in.readInt();
            if (version > VERSION) {
                throw new ModelFormatException(path + ": checkpoint format version " + version + ", this build reads up to " + VERSION);
            }
            int epoch = in.readInt();
            long[] rng = new long[in.readInt()];
            for (int i = 0; i < rng.length; i++) rng[i] = in.readLong();
            double bestLoss = in.readDouble();
            int bestEpoch = in.readInt();
            int without = in.readInt();
            String fingerprint = in.readUTF();
            int n = in.readInt();
            List<EpochStats> history = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                history.add(new EpochStats(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
            }
            Map<String, float[]> bestParams = take(contents.tensors(), "best/");
            return new Checkpoint(epoch, rng, take(contents.tensors(), "param/"), take(contents.tensors(), "optimizer/"),
                    bestParams.isEmpty() ? null : bestParams, bestLoss, bestEpoch, without, history, fingerprint);
        } catch (java.io.EOFException e) {
            throw new ModelFormatException(path + ": checkpoint metadata is truncated");
        }
    }

    private static void put(Map<String, Tensor> tensors, String prefix, Map<String, float[]> values) {
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            tensors.put(prefix + e.getKey(), Tensor.of(e.getValue().clone(), e.getValue().length));
        }
    }

    private static Map<String, float[]> take(Map<String, Tensor> tensors, String prefix) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().startsWith(prefix)) values.put(e.getKey().substring(prefix.length()), e.getValue().data());
        }
        return values;
    }
}
