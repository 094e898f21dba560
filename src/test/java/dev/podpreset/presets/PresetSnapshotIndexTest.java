package dev.podpreset.presets;

import dev.podpreset.api.ClusterPodPreset;
import dev.podpreset.api.ClusterPodPresetSpec;
import dev.podpreset.api.PodPreset;
import dev.podpreset.api.PodPresetSpec;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.PreparedPreset;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetSnapshotIndexTest {
    private static final Map<String, Map<String, String>> NS_LABELS = Map.of(
            "a", Map.of("tier", "production"), "b", Map.of());
    private static final Map<String, NamespaceMetadata> NAMESPACES = Map.of(
            "a", new NamespaceMetadata("a", NS_LABELS.get("a"), Map.of()), "b", new NamespaceMetadata("b", Map.of(), Map.of()));

    @Test
    void candidatesAreThePresetsWhoseMatchLabelsThePodCarries() {
        PreparedPreset web = pod("a", "web", Map.of("app", "web"));
        PreparedPreset webProd = pod("a", "web-prod", Map.of("app", "web", "env", "prod"));
        PreparedPreset db = pod("a", "db", Map.of("app", "db"));
        PresetSnapshot s = new PresetSnapshot(List.of(db, webProd, web), NAMESPACES);

        assertEquals(List.of(web), s.candidates("a", Map.of("app", "web")));
        assertEquals(List.of(web, webProd), s.candidates("a", Map.of("app", "web", "env", "prod")));
        assertEquals(List.of(db), s.candidates("a", Map.of("app", "db", "env", "prod")));
        assertEquals(List.of(), s.candidates("a", Map.of("app", "other")));
        assertEquals(List.of(), s.candidates("a", Map.of()));
    }

    @Test
    void presetsWithoutMatchLabelsAreAlwaysCandidates() {
        PreparedPreset everything = pod("a", "everything", null);
        PreparedPreset expressionsOnly = preset("a", "expr", new LabelSelectorBuilder().addNewMatchExpression()
                .withKey("app").withOperator("In").withValues("web", "api").endMatchExpression().build());
        PreparedPreset notIn = preset("a", "not-in", new LabelSelectorBuilder().addNewMatchExpression()
                .withKey("app").withOperator("NotIn").withValues("db").endMatchExpression().build());
        PreparedPreset web = pod("a", "m-web", Map.of("app", "web"));
        PresetSnapshot s = new PresetSnapshot(List.of(web, notIn, expressionsOnly, everything), NAMESPACES);

        assertEquals(List.of(everything, expressionsOnly, web, notIn), s.candidates("a", Map.of("app", "web")));
        assertEquals(List.of(everything, expressionsOnly, notIn), s.candidates("a", Map.of()));
    }

    @Test
    void clusterPresetsComeFirstThenTheNamespacesOwnEachByName() {
        PreparedPreset clusterZ = cluster("z-cluster", Map.of("app", "web"));
        PreparedPreset clusterA = cluster("a-cluster", null);
        PreparedPreset nsA = pod("a", "a-ns", Map.of("role", "frontend"));
        PreparedPreset nsM = pod("a", "m-ns", Map.of("app", "web"));
        PresetSnapshot s = new PresetSnapshot(List.of(nsM, clusterZ, nsA, clusterA), NAMESPACES);

        assertEquals(List.of(clusterA, clusterZ, nsA, nsM),
                s.candidates("a", Map.of("app", "web", "role", "frontend")));
    }

    @Test
    void namespacesAreIsolated() {
        PreparedPreset inA = pod("a", "web", Map.of("app", "web"));
        PreparedPreset inB = pod("b", "web", Map.of("app", "web"));
        PreparedPreset cluster = cluster("web", Map.of("app", "web"));
        PresetSnapshot s = new PresetSnapshot(List.of(inA, inB, cluster), NAMESPACES);

        assertEquals(List.of(cluster, inA), s.candidates("a", Map.of("app", "web")));
        assertEquals(List.of(cluster, inB), s.candidates("b", Map.of("app", "web")));
        assertEquals(List.of(cluster), s.candidates("unknown", Map.of("app", "web")));
    }

    /** Against a scan of every preset: the same presets in the same order. */
    @Test
    void neverMissesAPresetThatSelectsThePod() {
        Random random = new Random(42);
        String[] keys = {"app", "env", "team"};
        String[] values = {"x", "y", "z"};
        String[] namespaces = {"a", "b"};
        List<PreparedPreset> presets = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Map<String, String> match = new HashMap<>();
            int n = random.nextInt(3);
            for (int j = 0; j < n; j++) {
                match.put(keys[random.nextInt(keys.length)], values[random.nextInt(values.length)]);
            }
            String name = "p" + i;
            presets.add(random.nextInt(4) == 0 ? cluster(name, match.isEmpty() ? null : match)
                    : pod(namespaces[random.nextInt(2)], name, match.isEmpty() ? null : match));
        }
        PresetSnapshot s = new PresetSnapshot(presets, NAMESPACES);
        List<PreparedPreset> byOrder = new ArrayList<>(presets);
        byOrder.sort((x, y) -> x.kind() != y.kind() ? x.kind().compareTo(y.kind()) : x.name().compareTo(y.name()));
        for (int trial = 0; trial < 200; trial++) {
            Map<String, String> labels = new HashMap<>();
            for (String k : keys) {
                if (random.nextBoolean()) {
                    labels.put(k, values[random.nextInt(values.length)]);
                }
            }
            String ns = namespaces[random.nextInt(2)];
            List<PreparedPreset> candidates = s.candidates(ns, labels);
            List<PreparedPreset> selecting = byOrder.stream()
                    .filter(p -> p.selects(ns, NS_LABELS.get(ns), labels)).toList();
            // Only matchLabels here (namespaceSelector absent), so the candidates are exactly the selecting ones.
            assertEquals(selecting, candidates, "for " + ns + " " + labels);
            List<PreparedPreset> sortedCandidates = new ArrayList<>(candidates);
            sortedCandidates.sort((x, y) -> Integer.compare(byOrder.indexOf(x), byOrder.indexOf(y)));
            assertEquals(sortedCandidates, candidates, "order");
            for (PreparedPreset c : candidates) {
                assertTrue(c.namespace() == null || c.namespace().equals(ns), "other namespace: " + c);
            }
        }
    }

    private static PreparedPreset pod(String namespace, String name, Map<String, String> matchLabels) {
        return preset(namespace, name, matchLabels == null ? null
                : new LabelSelectorBuilder().withMatchLabels(matchLabels).build());
    }

    private static PreparedPreset preset(String namespace, String name, LabelSelector selector) {
        PodPreset p = new PodPreset();
        p.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        PodPresetSpec spec = new PodPresetSpec();
        spec.setSelector(selector);
        spec.setNodeSelector(Map.of("disk", "ssd"));
        p.setSpec(spec);
        return PreparedPreset.of(p);
    }

    private static PreparedPreset cluster(String name, Map<String, String> matchLabels) {
        ClusterPodPreset p = new ClusterPodPreset();
        p.setMetadata(new ObjectMetaBuilder().withName(name).build());
        ClusterPodPresetSpec spec = new ClusterPodPresetSpec();
        spec.setSelector(matchLabels == null ? null : new LabelSelectorBuilder().withMatchLabels(matchLabels).build());
        spec.setNodeSelector(Map.of("disk", "ssd"));
        p.setSpec(spec);
        return PreparedPreset.of(p);
    }
}
