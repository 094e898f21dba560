package dev.podpreset.admission;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.ClusterPodPresetSpec;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PodPresetSpec;
import dev.podpreset.api.PresetEnvVar;
import dev.podpreset.injection.AuditOutcome;
import dev.podpreset.injection.InjectionResult;
import dev.podpreset.injection.Outcome;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.injection.SkippedPreset;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The per-pod INFO line keeps the text it had when it was written with infof. */
class PodLogLineTest {
    private static PreparedPreset namespaced(String name) {
        PodPreset p = new PodPreset();
        p.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team-a").build());
        PodPresetSpec spec = new PodPresetSpec();
        spec.setEnv(List.of(new PresetEnvVar("X_" + name.toUpperCase(), "1")));
        p.setSpec(spec);
        return PreparedPreset.of(p);
    }

    private static PreparedPreset cluster(String name) {
        ClusterPodPreset p = new ClusterPodPreset();
        p.setMetadata(new ObjectMetaBuilder().withName(name).build());
        ClusterPodPresetSpec spec = new ClusterPodPresetSpec();
        spec.setEnv(List.of(new PresetEnvVar("Y", "2")));
        p.setSpec(spec);
        return PreparedPreset.of(p);
    }

    private static String asInfof(String pod, InjectionResult r) {
        return String.format("Pod %s: applied [%s], skipped [%s]", pod,
                String.join(", ", r.applied().stream().map(PreparedPreset::displayName).toList()),
                String.join("; ", r.skipped().stream().map(SkippedPreset::message).toList()));
    }

    private static InjectionResult result(List<PreparedPreset> applied, List<SkippedPreset> skipped) {
        return new InjectionResult(Outcome.INJECTED, applied, applied, skipped, List.of(),
                JsonNodeFactory.instance.arrayNode(), null);
    }

    @Test
    void sameTextAsTheFormatString() {
        PreparedPreset db = namespaced("db");
        PreparedPreset gpu = cluster("gpu");
        SkippedPreset skipped = new SkippedPreset(namespaced("cache"), List.of("env \"X\" in container \"app\""), List.of());
        for (InjectionResult r : List.of(result(List.of(), List.of()), result(List.of(db), List.of()),
                result(List.of(gpu, db), List.of(skipped)), result(List.of(), List.of(skipped, skipped)))) {
            assertEquals(asInfof("team-a/web-*", r), PodMutator.injectedLine("team-a/web-*", r));
        }
        assertEquals("Pod team-a/web-*: applied [ClusterPodPreset gpu, PodPreset team-a/db], skipped []",
                PodMutator.injectedLine("team-a/web-*", result(List.of(gpu, db), List.of())));
    }

    @Test
    void auditOutcomesFollowWhenAuditPresetsSelectThePod() {
        PreparedPreset db = namespaced("db");
        InjectionResult r = new InjectionResult(Outcome.INJECTED, List.of(db), List.of(db), List.of(),
                List.of(new AuditOutcome(cluster("gpu"), null),
                        new AuditOutcome(namespaced("cache"),
                                new SkippedPreset(namespaced("cache"), List.of("env \"X\""), List.of()))),
                JsonNodeFactory.instance.arrayNode(), null);
        assertEquals("Pod team-a/web-*: applied [PodPreset team-a/db], skipped [], audit [ClusterPodPreset gpu would apply;"
                + " PodPreset team-a/cache would conflict: conflict on env \"X\"]", PodMutator.injectedLine("team-a/web-*", r));
    }
}
