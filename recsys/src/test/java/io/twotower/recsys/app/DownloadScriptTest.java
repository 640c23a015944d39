package io.twotower.recsys.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * data/download.sh refuses files whose SHA-256 is not the published one, and says which source file is
 * wrong (not the temporary folder it copied them to, which it deletes). The files here can never pass
 * the check, so the real data folder is never touched.
 */
class DownloadScriptTest {
    /** SHA-256 of "x\n", as sha256sum prints it (printf 'x\n' | sha256sum). */
    private static final String SHA256_OF_X = "73cb3858a687a8494ca3323053016282f3dad39d42cf62ca4e79dda2aac7d9ac";

    @Test
    void aChecksumMismatchNamesTheSourceFile(@TempDir Path dir) throws Exception {
        Path from = Files.createDirectories(dir.resolve("copy"));
        Files.writeString(from.resolve("ratings.csv"), "x\n");
        Process p = new ProcessBuilder("bash", Path.of("..", "data", "download.sh").toString(), "--from", from.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), output);
        assertTrue(output.contains("error: " + from + "/ratings.csv has SHA-256 " + SHA256_OF_X
                + ", expected aa289ca83157595d0df6aea1be6a4ded676ddc4385472e8313a8ed9805352646; nothing was installed"), output);
        assertTrue(output.contains("error: " + from + "/movies.csv is missing"), output);
    }
}
