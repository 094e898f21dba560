package dev.podpreset.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.injection.InjectionEngine;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PodRecordTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The controller leaves out exactly the pods the engine leaves alone. */
    @Test
    void optedOutIsTheEnginesOwnRule() {
        List<Map<String, String>> cases = List.of(Map.of(), Map.of(AnnotationKeys.MIRROR, ""),
                Map.of(AnnotationKeys.MIRROR, "abc"), Map.of(AnnotationKeys.EXCLUDE, "true"),
                Map.of(AnnotationKeys.EXCLUDE, "True"), Map.of(AnnotationKeys.EXCLUDE, "false"),
                Map.of(AnnotationKeys.LEGACY_EXCLUDE, "true"), Map.of(AnnotationKeys.LEGACY_EXCLUDE, "yes"),
                Map.of("other", "true"));
        for (Map<String, String> annotations : cases) {
            ObjectNode pod = JSON.createObjectNode();
            pod.putObject("metadata").set("annotations", JSON.valueToTree(annotations));
            Outcome engine = InjectionEngine.inject(pod, NamespaceMetadata.unknown("team-a"), Map.of(), List.of(DriftFixtures.db()),
                    IgnoredContainers.DEFAULT).outcome();
            boolean leftAlone = engine == Outcome.MIRROR || engine == Outcome.EXCLUDED;
            assertEquals(leftAlone, DriftFixtures.pod("team-a", "p", Map.of(), annotations).optedOut(), annotations.toString());
        }
    }
}
