package io.twotower.recsys.eval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the metrics of a run as one JSON document (hand-written, no library):
 * <pre>
 * {
 *   "model": {"rmse": 0.91, "mae": 0.70, "precision@10": 0.03, "recall@10": 0.02, "ndcg@10": 0.04, "hitrate@10": 0.25},
 *   "baselines": {"global_mean": {...}, "bias": {...}, "popular": {...}},
 *   "train_seconds": 12.5,
 *   "epochs": 10,
 *   "epoch_seconds": [1.2, 1.3],
 *   ...extra top-level fields...
 * }
 * </pre>
 * A metric that does not apply is {@code null}; so is any NaN or infinite number (JSON has neither), and
 * so are the training fields of a run that trained nothing ({@code evaluate}).
 * Extra values may be null, strings, booleans, numbers, maps (string keys), iterables, primitive or
 * object arrays, and {@link MetricSet}s, nested freely.
 */
public final class MetricsJson {
    private MetricsJson() {}

    private static final String INDENT = "  ";

    /**
     * The JSON text (ends with a newline).
     *
     * @param model        the trained model's metrics, or null when there is none
     * @param baselines    baseline name to metrics, in the order to write them
     * @param trainSeconds wall-clock training time, or null when unknown (written as null: {@code evaluate}
     *                     trains nothing)
     * @param epochs       number of epochs trained, or null when unknown
     * @param epochSeconds wall-clock time of each epoch, or null when unknown
     * @param extra        more top-level fields (may be empty); their names must not clash with the ones above
     */
    public static String toJson(MetricSet model, Map<String, MetricSet> baselines, Double trainSeconds, Integer epochs,
                                double[] epochSeconds, Map<String, ?> extra) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("model", model);
        document.put("baselines", baselines);
        document.put("train_seconds", trainSeconds);
        document.put("epochs", epochs);
        document.put("epoch_seconds", epochSeconds);
        for (Map.Entry<String, ?> field : extra.entrySet()) {
            if (document.containsKey(field.getKey())) {
                throw new IllegalArgumentException("extra field \"" + field.getKey() + "\" clashes with a standard field");
            }
            document.put(field.getKey(), field.getValue());
        }
        StringBuilder out = new StringBuilder();
        writeValue(out, document, "");
        return out.append('\n').toString();
    }

    /** Appends one JSON value; objects are spread over lines at {@code indent}, arrays stay on one line. */
    static void writeValue(StringBuilder out, Object value, String indent) {
        switch (value) {
            case null -> out.append("null");
            case String s -> writeString(out, s);
            case Boolean b -> out.append(b);
            case Number n -> writeNumber(out, n);
            case MetricSet metrics -> writeObject(out, metrics.asMap(), indent);
            case Map<?, ?> map -> writeObject(out, map, indent);
            case Iterable<?> iterable -> writeArray(out, iterable.iterator(), indent);
            case Object[] array -> writeArray(out, Arrays.asList(array).iterator(), indent);
            case double[] array -> writeArray(out, Arrays.stream(array).boxed().iterator(), indent);
            case float[] array -> {
                Float[] boxed = new Float[array.length];
                for (int i = 0; i < array.length; i++) boxed[i] = array[i];
                writeArray(out, Arrays.asList(boxed).iterator(), indent);
            }
            case int[] array -> writeArray(out, Arrays.stream(array).boxed().iterator(), indent);
            case long[] array -> writeArray(out, Arrays.stream(array).boxed().iterator(), indent);
            default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void writeObject(StringBuilder out, Map<?, ?> map, String indent) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        String inner = indent + INDENT;
        out.append("{\n");
        Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<?, ?> entry = entries.next();
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got " + entry.getKey());
            }
            out.append(inner);
            writeString(out, key);
            out.append(": ");
            writeValue(out, entry.getValue(), inner);
            out.append(entries.hasNext() ? ",\n" : "\n");
        }
        out.append(indent).append('}');
    }

    private static void writeArray(StringBuilder out, Iterator<?> elements, String indent) {
        out.append('[');
        while (elements.hasNext()) {
            writeValue(out, elements.next(), indent);
            if (elements.hasNext()) out.append(", ");
        }
        out.append(']');
    }

    /** NaN and ±Infinity are not JSON numbers: they become null. */
    private static void writeNumber(StringBuilder out, Number n) {
        switch (n) {
            case Double d when !Double.isFinite(d) -> out.append("null");
            case Float f when !Float.isFinite(f) -> out.append("null");
            case Double d -> out.append(d);
            case Float f -> out.append(f);
            case Integer i -> out.append(i);
            case Long l -> out.append(l);
            case Short s -> out.append(s);
            case Byte b -> out.append(b);
            case BigInteger big -> out.append(big);
            case BigDecimal big -> out.append(big.toString());
            default -> {
                double d = n.doubleValue();
                out.append(Double.isFinite(d) ? Double.toString(d) : "null");
            }
        }
    }

    /** A JSON string: quotes, backslash and control characters escaped (RFC 8259 §7). */
    static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
