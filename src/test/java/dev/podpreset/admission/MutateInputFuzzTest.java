package dev.podpreset.admission;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.presets.PresetDirectory;
import dev.podpreset.sources.PresetRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzzes the input handling of /mutate with the bundled example presets loaded: any byte sequence
 * must yield either a well-formed AdmissionReview answer or a {@link BadAdmissionRequestException}
 * (a 400), never another exception. The normal test command replays the seeds in
 * src/test/resources/dev/podpreset/admission/MutateInputFuzzTestInputs (regression mode); run with
 * JAZZER_FUZZ=1 to fuzz.
 */
class MutateInputFuzzTest {
    private static final PodMutator MUTATOR = new PodMutator();

    @BeforeAll
    static void loadExamples() throws Exception {
        MUTATOR.registry = new PresetRegistry();
        MUTATOR.registry.publish(PresetDirectory.load(Path.of("examples")).snapshot());
        MUTATOR.metrics = new AdmissionMetrics();
        MUTATOR.metrics.meters = new SimpleMeterRegistry();
        MUTATOR.metrics.presets = MUTATOR.registry;
        MUTATOR.metrics.register();
        MUTATOR.conflicts = (conflict, pod) -> { };
        MUTATOR.ignored = IgnoredContainers.DEFAULT;
    }

    @FuzzTest(maxDuration = "30s")
    void mutate(byte[] input) {
        JsonNode response = FuzzedAnswers.responseOrBadRequest(MUTATOR::mutate, input);
        if (response != null && response.has("patch")) {
            assertEquals("JSONPatch", response.path("patchType").asText());
        }
    }
}
