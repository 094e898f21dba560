package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.podpreset.Commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Applies a JSON patch with the API server's own JSON-patch code, through
 * {@code kubectl patch --local}, which needs no cluster. Optional: tests skip it when kubectl is absent.
 */
final class KubectlPatch {
    private static final boolean AVAILABLE = Commands.available("kubectl", "version", "--client");

    private KubectlPatch() {
    }

    static boolean available() {
        return AVAILABLE;
    }

    static JsonNode apply(JsonNode pod, ArrayNode patch) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("kubectl-patch");
        try {
            Path podFile = Files.writeString(dir.resolve("pod.json"), pod.toString());
            Path patchFile = Files.writeString(dir.resolve("patch.json"), patch.toString());
            Process p = new ProcessBuilder("kubectl", "patch", "--local", "-f", podFile.toString(), "--type=json",
                    "--patch-file", patchFile.toString(), "-o", "json")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("kubectl patch --local failed (exit " + p.exitValue() + ")");
            }
            return GoldenCase.JSON.readTree(new String(out, StandardCharsets.UTF_8));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }
}
