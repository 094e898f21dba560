package dev.podpreset.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.PresetDirectory;
import dev.podpreset.presets.PresetDocuments;
import dev.podpreset.presets.SourceDocument;
import dev.podpreset.presets.YamlDocuments;
import dev.podpreset.presets.YamlSyntaxException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Preparing presets as a source does once per preset change: a document (a file's or an API server's) bound,
 * validated and compiled for the engine. A cluster-mode start prepares every preset of the cluster this way, so
 * its cost per preset, and what it allocates (run with {@code -prof gc}), are part of every start-up figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class PreparationBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** "bench": BenchData's 1,000 presets (three variables, a volume and its mount); "examples": the examples directory's. */
    @Param({"bench", "examples"})
    public String presets;

    List<JsonNode> documents;

    @Setup
    public void setup() {
        documents = presets.equals("bench") ? benchDocuments() : exampleDocuments();
    }

    /** Prepares every document once; the time per operation divided by {@link #documents}' size is per preset. */
    @Benchmark
    public List<PreparedPreset> prepareAll() {
        List<PreparedPreset> prepared = new ArrayList<>(documents.size());
        for (JsonNode doc : documents) {
            prepared.add(PresetDocuments.prepare(doc, "default"));
        }
        return prepared;
    }

    private static List<JsonNode> benchDocuments() {
        return BenchData.presets(5, 1000).stream().<JsonNode>map(MAPPER::valueToTree).toList();
    }

    private static List<JsonNode> exampleDocuments() {
        try {
            List<JsonNode> docs = new ArrayList<>();
            for (Path file : PresetDirectory.files(Path.of("examples"))) {
                for (SourceDocument doc : YamlDocuments.read(file.toString(), Files.readAllBytes(file))) {
                    if (PresetDocuments.isPreset(doc.node())) {
                        docs.add(doc.node());
                    }
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("run from the repository's root, which holds examples/", e);
        } catch (YamlSyntaxException e) {
            throw new IllegalStateException("an example does not parse: " + e.getMessage(), e);
        }
    }
}
