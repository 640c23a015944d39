package io.twotower.engine.nn;

import io.twotower.engine.Rng;
import io.twotower.engine.Tensor;
import io.twotower.engine.autograd.Graph;
import java.util.ArrayList;
import java.util.List;

/** Layers applied one after the other: y = layer_n(... layer_1(x)). */
public final class Sequential implements Layer {
    private final String name;
    private final List<Layer> layers;

    public Sequential(String name, List<Layer> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException("sequential " + name + ": needs at least one layer");
        for (int i = 1; i < layers.size(); i++) {
            Layer previous = layers.get(i - 1), next = layers.get(i);
            if (previous.outputSize() != next.inputSize()) {
                throw new IllegalArgumentException("sequential " + name + ": " + previous.name() + " outputs " + previous.outputSize()
                        + " values but " + next.name() + " expects " + next.inputSize());
            }
        }
        this.name = name;
        this.layers = List.copyOf(layers);
    }

    /**
     * A multilayer perceptron: Dense layers "&lt;name&gt;.dense0", "&lt;name&gt;.dense1", ... of the given
     * sizes, ReLU on every hidden layer and a linear last layer.
     */
    public static Sequential mlp(String name, int inputSize, int[] layerSizes, Rng rng) {
        List<Layer> layers = new ArrayList<>();
        int in = inputSize;
        for (int i = 0; i < layerSizes.length; i++) {
            boolean last = i == layerSizes.length - 1;
            layers.add(new Dense(name + ".dense" + i, in, layerSizes[i], last ? Activation.LINEAR : Activation.RELU, rng));
            in = layerSizes[i];
        }
        return new Sequential(name, layers);
    }

    @Override
    public Tensor forward(Graph g, Tensor x) {
        Tensor h = x;
        for (Layer layer : layers) h = layer.forward(g, h);
        return h;
    }

    public List<Layer> layers() { return layers; }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>();
        for (Layer layer : layers) all.addAll(layer.parameters());
        return List.copyOf(all);
    }

    @Override
    public String name() { return name; }

    @Override
    public int inputSize() { return layers.get(0).inputSize(); }

    @Override
    public int outputSize() { return layers.get(layers.size() - 1).outputSize(); }
}
