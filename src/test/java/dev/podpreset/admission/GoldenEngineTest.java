package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.http.BodyBytes;
import dev.podpreset.http.TestBodies;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.presets.PresetDirectory;
import dev.podpreset.presets.PresetSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every golden case (see {@link GoldenCase}) against the webhook's whole admission decision,
 * {@link PodMutator#answer}, without Quarkus or HTTP: AdmissionReview bytes in, AdmissionReview bytes
 * out, the patch applied with zjsonpatch. Run with {@code -Dgolden.update=true} to rewrite
 * expected.yaml from the actual output, then review the diff.
 */
class GoldenEngineTest {

    static List<String> cases() throws IOException {
        return GoldenCase.names();
    }

    @Test
    void everyFileOfEveryCaseIsRead() throws IOException {
        List<String> unread = new ArrayList<>();
        for (String name : cases()) {
            unread.addAll(GoldenCase.unread(name));
        }
        assertTrue(unread.isEmpty(), "golden files no runner reads: " + unread);
        assertTrue(cases().size() >= 40, "expected at least 40 golden cases, found " + cases().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void injects(String name) throws Exception {
        GoldenCase c = GoldenCase.load(name);
        PresetDirectory.Contents contents = c.presets();
        PresetSnapshot snapshot = contents.snapshot();
        c.verify((kase, pod) -> respond(kase, pod, snapshot), null, true);
    }

    /**
     * The same cases with every array of every review kept as its bytes ({@link ReviewTreeReader} at 0 bytes), as
     * only the lists of multi-MiB pods are: the engine must answer alike whether its lists are nodes or bytes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void injectsWithEveryArrayKeptAsBytesOfABodyOutsideTheHeap(String name) throws Exception {
        GoldenCase c = GoldenCase.load(name);
        PresetSnapshot snapshot = c.presets().snapshot();
        ReviewTreeReader everyArray = new ReviewTreeReader(AdmissionRequest.MAPPER, 0);
        c.verify((kase, pod) -> {
            byte[] bytes = kase.review(pod).getBytes(StandardCharsets.UTF_8);
            byte[] asNodes = PodMutator.answer(BodyBytes.of(bytes), snapshot, IgnoredContainers.DEFAULT).reviewBytes();
            byte[] lazily = PodMutator.answer(AdmissionRequest.parse(BodyBytes.of(bytes), everyArray), snapshot,
                    IgnoredContainers.DEFAULT).reviewBytes();
            assertArrayEquals(asNodes, lazily, "the answer with every array kept as bytes differs");
            try (BodyBytes outside = TestBodies.outsideHeap(bytes)) {
                byte[] outsideHeap = PodMutator.answer(AdmissionRequest.parse(outside, everyArray), snapshot,
                        IgnoredContainers.DEFAULT).reviewBytes();
                assertArrayEquals(asNodes, outsideHeap, "the answer with every array kept as bytes outside the heap differs");
            }
            return GoldenCase.JSON.readTree(lazily).path("response");
        }, null, false);
    }

    private static JsonNode respond(GoldenCase c, JsonNode pod, PresetSnapshot snapshot) throws IOException {
        byte[] review = PodMutator.answer(BodyBytes.of(c.review(pod).getBytes(StandardCharsets.UTF_8)), snapshot, IgnoredContainers.DEFAULT)
                .reviewBytes();
        return GoldenCase.JSON.readTree(review).path("response");
    }
}
