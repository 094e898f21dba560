package dev.podpreset.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.podpreset.injection.PreparedPreset;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every JMH benchmark method once for every parameter combination, so the benchmarks keep
 * compiling and doing the work they claim to measure. No timing: the figures come from src/jmh/jmh.sh.
 */
class BenchmarkSmokeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyScenarioInjectsExactlyItsMatchingPresets() throws Exception {
        Field podParam = AdmissionBenchmark.class.getField("pod");
        Field presetsParam = AdmissionBenchmark.class.getField("presets");
        String[] pods = podParam.getAnnotation(org.openjdk.jmh.annotations.Param.class).value();
        String[] scenarios = presetsParam.getAnnotation(org.openjdk.jmh.annotations.Param.class).value();
        int benchmarks = 0;
        for (Method m : AdmissionBenchmark.class.getMethods()) {
            if (!m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)) {
                continue;
            }
            benchmarks++;
            for (String pod : pods) {
                for (String scenario : scenarios) {
                    AdmissionBenchmark b = new AdmissionBenchmark();
                    b.pod = pod;
                    b.presets = scenario;
                    b.setup();
                    byte[] out = (byte[]) m.invoke(b);
                    JsonNode response = MAPPER.readTree(out).path("response");
                    String what = m.getName() + " " + pod + " " + scenario;
                    assertTrue(response.path("allowed").asBoolean(), what);
                    JsonNode patch = MAPPER.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
                    int matching = BenchData.matching(scenario);
                    long annotations = 0;
                    for (JsonNode op : patch) {
                        if (op.path("path").asText().startsWith("/metadata/annotations/")) {
                            annotations++;
                        }
                    }
                    assertEquals(matching, annotations, what + ": one applied-annotation per matching preset in "
                            + new String(out, StandardCharsets.UTF_8).length() + " bytes");
                }
            }
        }
        assertTrue(benchmarks > 0, "no @Benchmark method found");
    }

    @Test
    void thePreparationBenchmarkPreparesEveryPresetOfEachSet() throws Exception {
        String[] sets = PreparationBenchmark.class.getField("presets")
                .getAnnotation(org.openjdk.jmh.annotations.Param.class).value();
        for (String set : sets) {
            PreparationBenchmark b = new PreparationBenchmark();
            b.presets = set;
            b.setup();
            List<PreparedPreset> prepared = b.prepareAll();
            assertEquals(b.documents.size(), prepared.size(), set);
            assertTrue(prepared.size() >= (set.equals("bench") ? 1000 : 5), set + ": " + prepared.size() + " presets");
        }
    }
}
