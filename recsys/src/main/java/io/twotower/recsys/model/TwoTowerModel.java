package io.twotower.recsys.model;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.io.ModelFile;
import io.twotower.engine.nn.Sequential;
import io.twotower.engine.ops.Ops;
import io.twotower.recsys.features.FeaturePipeline;

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
 * The two towers, their feature pipeline and their catalog: everything needed to score.
 *
 * <pre>
 *   user features (du) --userTower--> u (d) --l2Normalize--> û
 *   item features (di) --itemTower--> v (d) --l2Normalize--> v̂        score = û · v̂  in [-1, 1]
 * </pre>
 *
 * A model file holds the weights as named tensors and, as metadata, the config, the feature pipeline
 * (scalers, vocabularies, per-entity features) and the catalog, so loading needs no data folder.
 */
public final class TwoTowerModel {
    /**
     * Identifies the metadata block inside an engine model file, and its layout version. Version 2:
     * the catalog and the feature pipeline store strings of any length (each says so in its own
     * header, so version 1 files are still read); a build that reads only version 1 refuses these
     * files by this number instead of misreading them.
     */
    private static final String METADATA_MAGIC = "twotower-recsys";
    private static final int METADATA_VERSION = 2;
    /** Rows embedded per inference call: bounds the temporary activations to a few MB. */
    private static final int EMBED_CHUNK = 2048;

    private final ModelConfig config;
    private final FeaturePipeline features;
    private final Catalog catalog;
    private final Sequential userTower;
    private final Sequential itemTower;
    /** Free-form facts about how the model was made (dataset, split, seed), saved with it. */
    private final Map<String, String> info = new LinkedHashMap<>();

    private TwoTowerModel(ModelConfig config, FeaturePipeline features, Catalog catalog,
                          Sequential userTower, Sequential itemTower) {
        this.config = config;
        this.features = features;
        this.catalog = catalog;
        this.userTower = userTower;
        this.itemTower = itemTower;
    }

    /** A freshly initialised model (Glorot-uniform weights, zero biases) drawn from rng. */
    public static TwoTowerModel initialise(ModelConfig config, FeaturePipeline features, Catalog catalog, Rng rng) {
        Sequential user = Sequential.mlp("user_tower", features.userDim(), config.userLayers(), rng);
        Sequential item = Sequential.mlp("item_tower", features.itemDim(), config.itemLayers(), rng);
        return new TwoTowerModel(config, features, catalog, user, item);
    }

    public ModelConfig config() { return config; }
    public FeaturePipeline features() { return features; }
    public Catalog catalog() { return catalog; }
    public Sequential userTower() { return userTower; }
    public Sequential itemTower() { return itemTower; }
    public int embeddingDim() { return config.embeddingDim(); }

    /** How the model was made: e.g. "dataset", "split", "test_fraction", "seed". Mutable until saved. */
    public Map<String, String> info() { return info; }

    /** Every trainable tensor: user tower first, then item tower. */
    public List<Tensor> parameters() {
        List<Tensor> params = new ArrayList<>(userTower.parameters());
        params.addAll(itemTower.parameters());
        return params;
    }

    /** L2-normalised user vectors of every known user, (numUsers x d) row-major. */
    public float[] embedAllUsers() {
        return embed(userTower, features.userMatrix(), features.userDim(), catalog.numUsers());
    }

    /** L2-normalised item vectors of every known item, (numItems x d) row-major. */
    public float[] embedAllItems() {
        return embed(itemTower, features.itemMatrix(), features.itemDim(), catalog.numItems());
    }

    /** L2-normalised vector of one user given by its (already transformed) feature row. */
    public float[] embedUserFeatures(float[] featureRow) {
        return embed(userTower, featureRow, features.userDim(), 1);
    }

    /** L2-normalised vector of one item given by its (already transformed) feature row. */
    public float[] embedItemFeatures(float[] featureRow) {
        return embed(itemTower, featureRow, features.itemDim(), 1);
    }

    /**
     * Runs a tower on the inference path (nothing recorded) over rows of a feature matrix, in chunks,
     * and L2-normalises each output row.
     */
    private float[] embed(Sequential tower, float[] featureRows, int inputDim, int count) {
        int d = embeddingDim();
        float[] out = new float[count * d];
        for (int start = 0; start < count; start += EMBED_CHUNK) {
            int rows = Math.min(EMBED_CHUNK, count - start);
            float[] chunk = new float[rows * inputDim];
            System.arraycopy(featureRows, start * inputDim, chunk, 0, rows * inputDim);
            Tensor x = Tensor.of(chunk, rows, inputDim);
            Tensor normalised = Ops.l2NormalizeRows(null, tower.forward(null, x));
            System.arraycopy(normalised.data(), 0, out, start * d, rows * d);
        }
        return out;
    }

    /** Score of one (user, item) pair: the cosine of their vectors, in [-1, 1]. */
    public static float score(float[] userVectors, int user, float[] itemVectors, int item, int d) {
        float s = 0f;
        for (int j = 0; j < d; j++) s += userVectors[user * d + j] * itemVectors[item * d + j];
        return s;
    }

    /** Writes weights, config, features and catalog to one file (atomically: temp file + rename). */
    public void save(Path path) throws IOException {
        ModelFile.write(path, tensors(), metadata());
    }

    /** The bytes {@link #save} writes, for callers with their own atomic write (the train job's outputs). */
    public byte[] encode() {
        return ModelFile.encode(tensors(), metadata());
    }

    private Map<String, Tensor> tensors() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Tensor p : parameters()) tensors.put(p.name(), p);
        return tensors;
    }

    /** Config, info, catalog and feature pipeline, as the model file's metadata. */
    private byte[] metadata() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(METADATA_MAGIC);
            out.writeInt(METADATA_VERSION);
            config.writeTo(out);
            out.writeInt(info.size());
            for (Map.Entry<String, String> e : info.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            catalog.writeTo(out);
            features.writeTo(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Loads a model written by {@link #save}. Throws {@link io.twotower.engine.io.ModelFormatException}
     * (an IOException) with a clear message for a file that is not a model, truncated or corrupt.
     */
    public static TwoTowerModel load(Path path) throws IOException {
        ModelFile.Contents contents = ModelFile.read(path);
        ModelConfig config;
        Catalog catalog;
        FeaturePipeline features;
        Map<String, String> info = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(contents.metadata()))) {
            String magic = in.readUTF();
            if (!METADATA_MAGIC.equals(magic)) {
                throw new IOException(path + ": an engine model file, but not a two-tower recommender model");
            }
            int version = in.readInt();
            if (version > METADATA_VERSION) {
                throw new IOException(path + ": written by recommender format version " + version
                        + ", this build reads up to " + METADATA_VERSION);
            }
            config = ModelConfig.readFrom(in);
            int infoCount = in.readInt();
            for (int i = 0; i < infoCount; i++) info.put(in.readUTF(), in.readUTF());
            catalog = Catalog.readFrom(in);
            features = FeaturePipeline.readFrom(in);
        }
        // Fresh towers of the right shape, then overwrite every parameter with the stored values.
        TwoTowerModel model = initialise(config, features, catalog, new Rng(0));
        model.info.putAll(info);
        for (Tensor p : model.parameters()) {
            Tensor stored = contents.tensors().get(p.name());
            if (stored == null) throw new IOException(path + ": parameter " + p.name() + " is missing");
            if (stored.size() != p.size() || stored.rows() != p.rows()) {
                throw new IOException(path + ": parameter " + p.name() + " has shape " + stored.shapeString()
                        + ", the config implies " + p.shapeString());
            }
            System.arraycopy(stored.data(), 0, p.data(), 0, p.size());
        }
        return model;
    }
}
