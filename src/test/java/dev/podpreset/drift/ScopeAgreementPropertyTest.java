package dev.podpreset.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.PresetMode;
import dev.podpreset.injection.AnnotationKeys;
import dev.podpreset.injection.AuditOutcome;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.injection.InjectionEngine;
import dev.podpreset.injection.InjectionResult;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.Outcome;
import dev.podpreset.injection.PreparedPreset;
import dev.podpreset.presets.PresetDocuments;
import dev.podpreset.presets.PresetKey;
import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.scope.WebhookScope;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.zjsonpatch.JsonPatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The controller counts exactly what the webhook does, pod for pod. Random worlds (namespaces and their labels,
 * the webhook's namespaceSelector, objectSelector and excluded namespaces, PodPresets and ClusterPodPresets with
 * selectors and values that sometimes conflict, pods with labels, existing env and opt-outs) are run through the
 * webhook's decision (the API server's call per {@link WebhookScope}, then the engine, whose patch is applied to the
 * pod) and through the controller's count: a pod is counted for exactly the presets the webhook matched, current
 * where it applied them, conflicting where it skipped them, missing where the webhook was down; pods the webhook
 * is never called for, or leaves alone, are not counted at all.
 */
class ScopeAgreementPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WORLDS = 400;
    private static final List<String> KEYS = List.of("tier", "team", "podpreset.dev/injection", "env");
    private static final List<String> VALUES = List.of("a", "b", "enabled", "disabled");

    private record Pod(ObjectNode json, String namespace) {
    }

    @Test
    void theControllerCountsWhatTheWebhookDidPodForPod() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int world = 0; world < WORLDS; world++) {
            checkWorld(random, "seed " + seed + ", world " + world);
        }
        // The generator must exercise every side, or the property says little. The floor for each state sits far
        // below what a random seed gives, so that only a generator that stopped producing a state fails it.
        assertTrue(notCalled > WORLDS, "pods the webhook is not called for: " + notCalled + " (seed " + seed + ")");
        for (PodPresetState s : PodPresetState.values()) {
            assertTrue(seen.getOrDefault(s, 0) > WORLDS / 40, s + " pod/preset pairs: " + seen + " (seed " + seed + ")");
        }
    }

    private final Map<PodPresetState, Integer> seen = new HashMap<>();
    private int notCalled;

    private void checkWorld(Random random, String where) {
        List<String> namespaces = List.of("ns-0", "ns-1", "ns-2", "ns-3", "kube-system");
        Map<String, NamespaceMetadata> known = new HashMap<>();
        for (String ns : namespaces) {
            // One namespace in five is not in the snapshot (not listed yet): its name label is still implied.
            if (random.nextInt(5) > 0) {
                known.put(ns, NamespaceMetadata.of(ns, labels(random, 3), Map.of()));
            }
        }
        WebhookScope scope = new WebhookScope(random.nextBoolean() ? Set.of("kube-system") : Set.of(),
                random.nextInt(4) == 0 ? null : selector(random, namespaces, true),
                random.nextInt(3) == 0 ? null : selector(random, namespaces, false));
        List<ObjectNode> docs = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(5); i++) {
            docs.add(preset(random, "p" + i, namespaces));
        }
        List<PreparedPreset> presets = docs.stream().map(PresetDocuments::prepare).toList();
        PresetSnapshot snapshot = new PresetSnapshot(presets, known);
        // The same presets, some at their next generation: pods admitted before are stale for those.
        Set<String> bumped = new HashSet<>();
        List<PreparedPreset> later = new ArrayList<>();
        for (ObjectNode doc : docs) {
            ObjectNode next = doc.deepCopy();
            if (random.nextBoolean()) {
                ObjectNode metadata = (ObjectNode) next.get("metadata");
                metadata.put("generation", metadata.get("generation").asInt() + 1);
                bumped.add(doc.get("kind").asText() + " " + (metadata.has("namespace") ? metadata.get("namespace").asText() + "/" : "")
                        + metadata.get("name").asText());
            }
            later.add(PresetDocuments.prepare(next));
        }
        PresetSnapshot changed = new PresetSnapshot(later, known);

        List<PodRecord> records = new ArrayList<>();
        Map<PreparedPreset, Map<PodPresetState, Integer>> expectedCounts = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            Pod pod = pod(random, "pod-" + i, namespaces);
            Map<String, String> podLabels = InjectionEngine.podLabels(pod.json());
            boolean called = scope.decide(pod.namespace(), snapshot.namespaceLabels(pod.namespace()), podLabels).called();
            boolean webhookDown = random.nextInt(6) == 0;
            Map<PreparedPreset, PodPresetState> expected = new LinkedHashMap<>();
            JsonNode admitted = pod.json();
            if (called) {
                InjectionResult result = snapshot.inject(pod.json(), pod.namespace(), IgnoredContainers.DEFAULT);
                if (result.outcome() != Outcome.MIRROR && result.outcome() != Outcome.EXCLUDED) {
                    for (PreparedPreset p : result.matched()) {
                        expected.put(p, webhookDown ? PodPresetState.MISSING
                                : result.applied().contains(p) ? PodPresetState.CURRENT : PodPresetState.CONFLICTING);
                    }
                    if (result.outcome() != Outcome.REJECTED) {
                        for (AuditOutcome a : result.audited()) {
                            expected.put(a.preset(), webhookDown ? PodPresetState.MISSING
                                    : a.wouldApply() ? PodPresetState.WOULD_APPLY : PodPresetState.WOULD_CONFLICT);
                        }
                    }
                }
                if (result.outcome() == Outcome.REJECTED) {
                    continue; // the pod is never created
                }
                if (!webhookDown && result.changesPod()) {
                    admitted = JsonPatch.apply(result.patch().deepCopy(), pod.json());
                }
            } else {
                notCalled++;
            }
            PodRecord record = DriftFixtures.pod(pod.namespace(), "pod-" + i, podLabels, annotations(admitted));
            records.add(record);
            Map<PreparedPreset, PodPresetState> actual = DriftCounter.states(snapshot, scope, record);
            assertEquals(names(expected), names(actual), where + ", " + pod.namespace() + "/pod-" + i + ": " + pod.json()
                    + " in a namespace labelled " + snapshot.namespaceLabels(pod.namespace()) + ", webhook "
                    + scope.namespaceSelector() + " / " + scope.objectSelector() + " / " + scope.excludedNamespaces());
            expected.forEach((p, s) -> expectedCounts.computeIfAbsent(p, x -> new HashMap<>()).merge(s, 1, Integer::sum));
            expected.values().forEach(state -> seen.merge(state, 1, Integer::sum));

            Map<String, PodPresetState> afterChange = new HashMap<>(names(expected));
            // An audit outcome recorded at an older generation is no outcome of the current one.
            afterChange.replaceAll((preset, state) -> !bumped.contains(preset) || state == PodPresetState.MISSING ? state
                    : state == PodPresetState.WOULD_APPLY || state == PodPresetState.WOULD_CONFLICT ? PodPresetState.MISSING
                    : PodPresetState.STALE);
            assertEquals(afterChange, names(DriftCounter.states(changed, scope, record)),
                    where + ", " + pod.namespace() + "/pod-" + i + " after generations " + bumped + " moved on");
            afterChange.values().stream().filter(state -> state == PodPresetState.STALE)
                    .forEach(state -> seen.merge(state, 1, Integer::sum));
        }
        Map<PresetKey, PresetDrift> drift = DriftCounter.count(snapshot, scope, records, key -> false);
        for (PreparedPreset p : presets) {
            Map<PodPresetState, Integer> e = expectedCounts.getOrDefault(p, Map.of());
            var c = drift.get(PresetKey.of(p)).counts();
            boolean audit = p.mode() == PresetMode.Audit;
            assertEquals(List.of(e.getOrDefault(PodPresetState.CURRENT, 0), e.getOrDefault(PodPresetState.STALE, 0),
                            e.getOrDefault(PodPresetState.CONFLICTING, 0), e.getOrDefault(PodPresetState.MISSING, 0),
                            audit ? e.getOrDefault(PodPresetState.WOULD_APPLY, 0) : -1,
                            audit ? e.getOrDefault(PodPresetState.WOULD_CONFLICT, 0) : -1),
                    List.of((int) c.getCurrent(), (int) c.getStale(), (int) c.getConflicting(), (int) c.getMissing(),
                            c.getWouldApply() == null ? -1 : c.getWouldApply().intValue(),
                            c.getWouldConflict() == null ? -1 : c.getWouldConflict().intValue()),
                    where + ": the counts of " + p.displayName());
        }
    }

    private static Map<String, PodPresetState> names(Map<PreparedPreset, PodPresetState> states) {
        return states.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().displayName(), Map.Entry::getValue));
    }

    private static Map<String, String> labels(Random random, int max) {
        Map<String, String> out = new HashMap<>();
        for (int i = random.nextInt(max + 1); i > 0; i--) {
            out.put(pick(random, KEYS), pick(random, VALUES));
        }
        return out;
    }

    /** matchLabels and matchExpressions over the label alphabet, and for namespaces over their name label too. */
    private static LabelSelector selector(Random random, List<String> namespaces, boolean forNamespaces) {
        LabelSelectorBuilder b = new LabelSelectorBuilder();
        if (random.nextBoolean()) {
            b.addToMatchLabels(pick(random, KEYS), pick(random, VALUES));
        }
        for (int i = random.nextInt(3) / 2; i >= 0; i--) {
            String op = pick(random, List.of("In", "NotIn", "Exists", "DoesNotExist"));
            boolean byName = forNamespaces && random.nextInt(3) == 0;
            String key = byName ? NamespaceMetadata.NAME_LABEL : pick(random, KEYS);
            List<String> values = op.equals("In") || op.equals("NotIn")
                    ? new ArrayList<>(new LinkedHashSet<>(List.of(pick(random, byName ? namespaces : VALUES),
                    pick(random, byName ? namespaces : VALUES)))) : null;
            b.addNewMatchExpression().withKey(key).withOperator(op).withValues(values).endMatchExpression();
        }
        return b.build();
    }

    private static ObjectNode preset(Random random, String name, List<String> namespaces) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("apiVersion", "podpreset.dev/v1alpha1");
        boolean cluster = random.nextInt(3) == 0;
        doc.put("kind", cluster ? "ClusterPodPreset" : "PodPreset");
        ObjectNode metadata = doc.putObject("metadata").put("name", name).put("generation", 1 + random.nextInt(3));
        if (!cluster) {
            metadata.put("namespace", pick(random, namespaces));
        }
        ObjectNode spec = doc.putObject("spec");
        if (random.nextBoolean()) {
            spec.set("selector", JSON.valueToTree(selector(random, namespaces, false)));
        }
        if (cluster && random.nextBoolean()) {
            spec.set("namespaceSelector", JSON.valueToTree(selector(random, namespaces, true)));
        }
        boolean audit = random.nextInt(3) == 0;
        if (audit) {
            spec.put("mode", "Audit");
        }
        // Two values for one variable across presets and pods: conflicts happen. Audit presets, judged after the
        // enforced ones, have a value of their own, so that they would conflict about as often as enforced ones do.
        spec.putArray("env").addObject().put("name", "DB_PORT").put("value", audit ? "3" : pick(random, List.of("1", "2")));
        if (random.nextBoolean()) {
            spec.putObject("labels").put("injected-by", name);
        }
        return doc;
    }

    private static Pod pod(Random random, String name, List<String> namespaces) {
        String namespace = pick(random, namespaces);
        ObjectNode pod = JSON.createObjectNode();
        pod.put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", name).put("namespace", namespace);
        metadata.set("labels", JSON.valueToTree(labels(random, 3)));
        ObjectNode annotations = metadata.putObject("annotations");
        switch (random.nextInt(10)) {
            case 0 -> annotations.put(AnnotationKeys.EXCLUDE, "true");
            case 1 -> annotations.put(AnnotationKeys.MIRROR, "x");
            case 2 -> annotations.put(AnnotationKeys.LEGACY_EXCLUDE, "false");
            default -> { }
        }
        ArrayNode containers = pod.putObject("spec").putArray("containers");
        ObjectNode container = containers.addObject().put("name", "app").put("image", "nginx");
        if (random.nextInt(4) == 0) {
            container.putArray("env").addObject().put("name", "DB_PORT").put("value", pick(random, List.of("1", "2")));
        }
        return new Pod(pod, namespace);
    }

    /** The annotations a pod record keeps. */
    private static Map<String, String> annotations(JsonNode pod) {
        Map<String, String> out = new HashMap<>();
        pod.path("metadata").path("annotations").fields().forEachRemaining(e -> {
            if (PodRecord.keeps(e.getKey())) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
