package io.twotower.recsys.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: the committed CSV fixtures and small files written on the fly. */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * A committed fixture under src/test/resources/io/twotower/recsys/data/. A fixture folder whose files
     * end in {@code .fixture} (the tiny MovieLens one: a repository must never look as if it held the
     * real ratings.csv and movies.csv) is materialised once into a temporary folder under the real names.
     */
    public static Path resource(String name) {
        URL url = Fixtures.class.getResource("/io/twotower/recsys/data/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test fixture " + name);
        }
        try {
            Path path = Path.of(url.toURI());
            return Files.isDirectory(path) ? MATERIALISED.computeIfAbsent(name, n -> materialise(path)) : path;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final java.util.Map<String, Path> MATERIALISED = new java.util.concurrent.ConcurrentHashMap<>();

    private static Path materialise(Path dir) {
        try (var files = Files.list(dir)) {
            List<Path> all = files.toList();
            if (all.stream().noneMatch(f -> f.getFileName().toString().endsWith(".fixture"))) return dir;
            Path copy = Files.createTempDirectory("fixture-" + dir.getFileName());
            copy.toFile().deleteOnExit();
            for (Path f : all) {
                String target = f.getFileName().toString().replaceFirst("\\.fixture$", "");
                Path written = Files.copy(f, copy.resolve(target), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                written.toFile().deleteOnExit();
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The real ml-latest-small directory when present, else null. Looks at the system property
     * {@code twotower.movielens.dir}, then (from the recsys module directory) {@code
     * ../data/ml-latest-small} where CI puts it, then {@code ../../shared/data/ml-latest-small}.
     */
    public static Path realMovieLensDir() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty("twotower.movielens.dir");
        if (property != null) {
            candidates.add(Path.of(property));
        }
        candidates.add(Path.of("../data/ml-latest-small"));
        candidates.add(Path.of("../../shared/data/ml-latest-small"));
        candidates.add(Path.of("data/ml-latest-small"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p.resolve("ratings.csv")) && Files.isRegularFile(p.resolve("movies.csv"))) {
                return p;
            }
        }
        return null;
    }

    /**
     * The real ml-latest-small directory, for tests whose assertions only make sense on it. Where it is
     * absent such a test is skipped (a fresh clone without the download), unless the system property
     * {@code twotower.require.movielens} is true, as in CI: then its absence is a failure.
     */
    public static Path requireRealMovieLensOrSkip() {
        Path dir = realMovieLensDir();
        if (dir == null && Boolean.getBoolean("twotower.require.movielens")) {
            throw new AssertionError("twotower.require.movielens is set but ml-latest-small was not found "
                    + "(run bash data/download.sh, or set -Dtwotower.movielens.dir=DIR)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(dir != null,
                "ml-latest-small not found: run bash data/download.sh to include the real-data tests");
        return dir;
    }

    /** Writes a UTF-8 text file {@code dir/name}. */
    public static Path write(Path dir, String name, String text) {
        return writeBytes(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes raw bytes to {@code dir/name}. */
    public static Path writeBytes(Path dir, String name, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies every file of a committed fixture directory into {@code target} (under the real names). */
    public static Path copy(String fixture, Path target) {
        try (var files = Files.list(resource(fixture))) {
            Files.createDirectories(target);
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
