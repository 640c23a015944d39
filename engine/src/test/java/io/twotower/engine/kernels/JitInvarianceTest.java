package io.twotower.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproducibility across the JIT: every kernel must give the same bits interpreted (where the Vector API runs
 * its Java fallback) as compiled by C2 (where it runs intrinsics). This failed while reductions used
 * {@code reduceLanes(ADD)}, whose lane order differs between the two, and made training runs with the same
 * seed end at different weights.
 *
 * <p>The interpreted side is a child JVM started with {@code -Xint}, which never compiles anything, running
 * {@link KernelFingerprint} on the same class path. The compiled side is this JVM, on a fresh copy of the
 * kernels package (see {@link KernelVariant#freshPreferred()}), warmed up until HotSpot's list of compiled
 * code shows C2 (tier 4) code, compiled during the warm-up, for every method that does the fingerprint's
 * vector arithmetic ({@link #VECTOR_BODIES}), and that code must still be in use after the compared run (no
 * deoptimisation back to the interpreter). The public dispatchers around the bodies may stay at C1: they only
 * choose the body and call it. Under {@code -XX:TieredStopAtLevel=1} (no C2) the test fails, and it fails with
 * {@code reduceLanes(ADD)} back in {@code sumLanes}.
 */
class JitInvarianceTest {
    static final String PACKAGE = "io.twotower.engine.kernels.";

    /**
     * The methods holding the fingerprint's Vector API code. Each is large enough (loops of vector operations)
     * to be compiled on its own rather than only inlined. The matmul shapes give every width (4, 8 or 16
     * lanes) 6-row strips with 4-, 2- and 1-vector tiles, 4-row and one-row strips, and both A·Bᵀ paths transpose.
     */
    static final List<String> VECTOR_BODIES = List.of(
            "VectorKernels.dotVector", "VectorKernels.sumVector", "VectorKernels.axpyVector", "VectorKernels.addVector",
            "VectorKernels.mulVector", "VectorKernels.scaleVector", "VectorKernels.addBiasRowsVector",
            "VectorKernels.reluBackwardVector", "VectorKernels.reluBackwardSumRowsVector", "VectorKernels.sumRowsVector", "VectorKernels.adamUpdateVector",
            "VectorKernels.sgdMomentumUpdateVector", "Matmul.kernel6x4", "Matmul.kernel6x2", "Matmul.kernel6x1", "Matmul.kernel4x4", "Matmul.kernel4x2", "Matmul.kernel1x1",
            "Matmul.transposeRows", "TopK.scoreRange");

    @Test
    void everyKernelGivesTheSameBitsInterpretedAndCompiled(@TempDir Path dir) throws Exception {
        Process interpreter = startInterpretedFingerprint(dir);   // runs while this JVM warms up
        try {
            KernelVariant fresh = KernelVariant.freshPreferred();
            KernelFingerprint fingerprint = new KernelFingerprint();
            // With twotower.vector.bits=0 there is no Vector API code to compile: the comparison still runs.
            // The 4-vector tiles run only with 512-bit vectors (Matmul.NV); narrower ones use 2-vector tiles.
            List<String> required = fresh.lanes <= 1 ? List.of()
                    : VECTOR_BODIES.stream().filter(m -> fresh.lanes * 32 >= 512 || !m.matches("Matmul.kernel[64]x4")).toList();
            long lastCompileBefore = maxCompileId(codeList());
            long start = System.nanoTime(), deadline = start + TimeUnit.SECONDS.toNanos(60);
            Map<String, Set<Long>> c2 = Map.of();
            int rounds = 0;
            while (!c2.keySet().containsAll(required) && System.nanoTime() < deadline) {
                long checkAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                while (System.nanoTime() < checkAt) {
                    fingerprint.compute(fresh::call);
                    rounds++;
                }
                c2 = c2CodeInUse(codeList(), lastCompileBefore);
            }
            List<String> missing = new ArrayList<>(required);
            missing.removeAll(c2.keySet());
            assertTrue(missing.isEmpty(), "after " + rounds + " warm-up rounds C2 has not compiled " + missing);
            Map<String, float[]> compiled = fingerprint.compute(fresh::call);
            // That run used this C2 code: none of it was thrown away (deoptimised, back to the interpreter) meanwhile.
            Map<String, Set<Long>> after = c2CodeInUse(codeList(), lastCompileBefore);
            for (String body : required) {
                assertTrue(after.containsKey(body) && after.get(body).containsAll(c2.get(body)),
                        body + ": C2 code " + c2.get(body) + " before the compared run, " + after.get(body) + " after it");
            }
            long warmUpMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertTrue(interpreter.waitFor(120, TimeUnit.SECONDS), "the -Xint JVM did not finish in 120 s");
            assertEquals(0, interpreter.exitValue(), "the -Xint JVM failed: " + Files.readString(dir.resolve("stderr.txt")));
            Map<String, float[]> interpreted = parse(Files.readAllLines(dir.resolve("stdout.txt")));
            System.out.printf("JIT invariance: %d results compared, C2 code for %d kernel bodies after %d rounds (%d ms)%n",
                    compiled.size(), required.size(), rounds, warmUpMillis);

            assertEquals(compiled.keySet(), interpreted.keySet(), "the same computations on both sides");
            List<String> differing = new ArrayList<>();
            for (String name : compiled.keySet()) {
                String difference = compareBits(compiled.get(name), interpreted.get(name));
                if (difference != null) differing.add(name + ": " + difference);
            }
            if (!differing.isEmpty()) fail("compiled and interpreted kernels differ:\n  " + String.join("\n  ", differing));
        } finally {
            interpreter.destroyForcibly();   // only still running if this test failed before waiting for it
        }
    }

    /**
     * The same java binary and class path as this JVM, interpreter only, with the vector module and the
     * kernels' system properties; its output goes to files in dir (no pipe to drain while we warm up).
     */
    static Process startInterpretedFingerprint(Path dir) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xint", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path")));
        for (String property : new String[] {"twotower.vector.bits", "twotower.threads"}) {
            String value = System.getProperty(property);
            if (value != null) command.add("-D" + property + "=" + value);
        }
        command.add(KernelFingerprint.class.getName());
        return new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    /**
     * HotSpot's list of compiled methods ({@code jcmd <pid> Compiler.codelist}), one per line:
     * "compile-id tier state class.method(signature) [addresses]", with state 0 for code in use.
     */
    static String codeList() throws Exception {
        return (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerCodelist",
                new Object[] {null}, new String[] {String[].class.getName()});
    }

    static long maxCompileId(String codeList) {
        long max = -1;
        for (String line : codeList.split("\n")) {
            String[] field = line.trim().split(" ");
            if (field.length >= 4 && field[0].matches("\\d+")) max = Math.max(max, Long.parseLong(field[0]));
        }
        return max;
    }

    /**
     * The methods of this package with C2 (tier 4) code in use compiled after {@code compileId}, and the compile
     * ids of that code. Compile ids only grow, and only the fresh copy of the package runs meanwhile, so such
     * code belongs to the fresh copy. (A compilation queued for another copy just before the warm-up would be
     * counted too: that could only weaken the check, never make it fail.)
     */
    static Map<String, Set<Long>> c2CodeInUse(String codeList, long compileId) {
        Map<String, Set<Long>> code = new TreeMap<>();
        for (String line : codeList.split("\n")) {
            String[] field = line.trim().split(" ");
            if (field.length < 4 || !field[0].matches("\\d+") || !field[3].startsWith(PACKAGE)) continue;
            long id = Long.parseLong(field[0]);
            if (id > compileId && field[1].equals("4") && field[2].equals("0")) {
                String method = field[3].substring(PACKAGE.length());
                code.computeIfAbsent(method.substring(0, method.indexOf('(')), key -> new TreeSet<>()).add(id);
            }
        }
        return code;
    }

    static Map<String, float[]> parse(List<String> lines) {
        Map<String, float[]> results = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(": ");
            if (colon > 0) results.put(line.substring(0, colon), KernelFingerprint.parse(line.substring(colon + 2)));
        }
        return results;
    }

    /** Null when the two have the same bits (all NaNs alike); else how many differ, the first, and the max difference. */
    static String compareBits(float[] compiled, float[] interpreted) {
        if (compiled.length != interpreted.length) {
            return compiled.length + " values compiled, " + interpreted.length + " interpreted";
        }
        int differing = 0, first = -1;
        double maxDifference = 0;
        for (int e = 0; e < compiled.length; e++) {
            if (Float.floatToIntBits(compiled[e]) == Float.floatToIntBits(interpreted[e])) continue;
            differing++;
            if (first < 0) first = e;
            maxDifference = Math.max(maxDifference, KernelAssertions.difference(compiled[e], interpreted[e]));
        }
        if (differing == 0) return null;
        return differing + " of " + compiled.length + " values differ, first at " + first + " (" + compiled[first]
                + " compiled, " + interpreted[first] + " interpreted); max difference " + maxDifference;
    }
}
