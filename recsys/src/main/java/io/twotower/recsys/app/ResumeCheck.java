package io.twotower.recsys.app;

import io.twotower.engine.Tensor;
import io.twotower.recsys.train.Checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a checkpoint can be continued by this run, and what the user must be told about it.
 *
 * <ul>
 *   <li>Another setting that changes which examples are seen in which order, or how the weights move
 *       ({@link TrainJob.Settings#fingerprint}): refused, naming each difference.</li>
 *   <li>Other data (other content: {@link DataFingerprint}) or another model shape: refused.</li>
 *   <li>Another {@code --lr} (to go on more gently after a divergence, say), or another {@code --epochs}
 *       under the cosine schedule (whose length it is): allowed, with a note that the run now differs
 *       from one that was never interrupted. More {@code --epochs} otherwise is no difference at all.</li>
 * </ul>
 */
final class ResumeCheck {
    /** The settings that may differ, in the order they are named. */
    private static final List<String> MAY_CHANGE = List.of("lr", "epochs");

    private ResumeCheck() {}

    /**
     * @return the note to print when an allowed setting differs ("" when nothing differs)
     * @throws UsageException when the checkpoint cannot be continued with this data and these flags
     */
    static String compare(Path path, Checkpoint checkpoint, String fingerprint, List<Tensor> parameters) {
        Map<String, String> before = parse(checkpoint.fingerprint()), now = parse(fingerprint);
        // The flags first: another --seed also makes other synthetic data, and the flag is the better answer.
        List<String> refused = new ArrayList<>(), allowed = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(now.keySet());
        keys.remove("data");
        for (String key : keys) {
            String a = before.get(key), b = now.get(key);
            if (Objects.equals(a, b)) continue;
            String difference = "--" + key + " " + (a == null ? "(unset)" : a) + ", now " + (b == null ? "(unset)" : b);
            (MAY_CHANGE.contains(key) ? allowed : refused).add(difference);
        }
        if (!refused.isEmpty()) {
            throw new UsageException("--resume " + path + " was written with other settings: " + String.join("; ", refused)
                    + "; resume with the same flags (only --epochs and --lr may change)");
        }
        if (!Objects.equals(before.get("data"), now.get("data"))) {
            throw new UsageException("--resume " + path + " was made with other data: " + before.getOrDefault("data", "(unknown)")
                    + "; now " + now.get("data") + "; resume with the data it was made with");
        }
        requireSameShapes(path, checkpoint, parameters);
        return allowed.isEmpty() ? ""
                : "Resuming with " + String.join("; ", allowed) + ": the run now differs from an uninterrupted one";
    }

    /** Every parameter of the model built now must be in the checkpoint, with as many values. */
    private static void requireSameShapes(Path path, Checkpoint checkpoint, List<Tensor> parameters) {
        for (Tensor p : parameters) {
            float[] stored = checkpoint.params().get(p.name());
            if (stored == null || stored.length != p.size()) {
                throw new UsageException("--resume " + path + " was made with other data: "
                        + (stored == null ? "it has no " + p.name() : "its " + p.name() + " holds " + stored.length + " values")
                        + ", the model for this data needs " + p.size() + " " + p.shapeString());
            }
        }
    }

    /** "a=1;b=2" -> {a: 1, b: 2}; a value may hold '=' and ',' but not ';'. */
    private static Map<String, String> parse(String fingerprint) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : fingerprint.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }
}
