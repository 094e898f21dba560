package dev.podpreset.presets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.injection.InjectionEngine;
import dev.podpreset.injection.InjectionResult;
import dev.podpreset.injection.NamespaceMetadata;
import dev.podpreset.injection.PreparedPreset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable view of every valid preset and every namespace's metadata at one moment. Admissions
 * read it without locks; a source replaces it whole when something changes.
 *
 * <p>Presets are indexed so that an admission looks only at presets that can select the pod: each
 * preset whose pod selector has {@code matchLabels} is filed under one of those (key, value) pairs (the
 * one fewest presets share), and a pod can only match it if it carries that label; the preset's other
 * {@code matchLabels} are checked on lookup. Presets without {@code matchLabels} (empty selector, or
 * {@code matchExpressions} only) are always candidates. The engine still checks every selector of every
 * candidate (matchExpressions, a ClusterPodPreset's namespaceSelector).
 */
public final class PresetSnapshot {
    public static final PresetSnapshot EMPTY = new PresetSnapshot(List.of(), Map.of());

    private final List<PreparedPreset> presets;
    private final List<InvalidPreset> invalid;

    private final Index clusterPresets;
    private final Map<String, Index> presetsByNamespace;
    private final Map<String, NamespaceMetadata> namespaces;
    private final int clusterCount;
    private final int size;

    public PresetSnapshot(Collection<PreparedPreset> presets, Map<String, NamespaceMetadata> namespaces) {
        this(presets, namespaces, List.of());
    }

    /** With the presets that could not be used, for status and reports; admissions never see them. */
    public PresetSnapshot(Collection<PreparedPreset> presets, Map<String, NamespaceMetadata> namespaces,
                          List<InvalidPreset> invalid) {
        List<PreparedPreset> cluster = new ArrayList<>();
        Map<String, List<PreparedPreset>> byNamespace = new HashMap<>();
        for (PreparedPreset p : presets) {
            if (p.namespace() == null) {
                cluster.add(p);
            } else {
                byNamespace.computeIfAbsent(p.namespace(), ns -> new ArrayList<>()).add(p);
            }
        }
        cluster.sort(PreparedPreset.APPLICATION_ORDER);
        Map<String, Index> indexes = new HashMap<>();
        byNamespace.forEach((ns, list) -> {
            list.sort(PreparedPreset.APPLICATION_ORDER);
            indexes.put(ns, new Index(list));
        });
        this.clusterPresets = new Index(cluster);
        this.clusterCount = cluster.size();
        this.presetsByNamespace = Map.copyOf(indexes);
        this.namespaces = Map.copyOf(namespaces);
        this.size = presets.size();
        List<PreparedPreset> ordered = new ArrayList<>(cluster);
        new TreeMap<>(byNamespace).values().forEach(ordered::addAll);
        this.presets = List.copyOf(ordered);
        this.invalid = List.copyOf(invalid);
    }

    /** The same presets with these namespaces over the ones it has (Namespace objects given beside them). */
    public PresetSnapshot withNamespaces(Map<String, NamespaceMetadata> more) {
        Map<String, NamespaceMetadata> merged = new HashMap<>(namespaces);
        merged.putAll(more);
        return new PresetSnapshot(presets(), merged, invalid());
    }

    /** Every valid preset: ClusterPodPresets by name, then PodPresets by namespace and name. */
    public List<PreparedPreset> presets() {
        return presets;
    }

    /** Presets that failed validation or preparation, with their violations. */
    public List<InvalidPreset> invalid() {
        return invalid;
    }

    /**
     * Runs the engine on a pod of {@code namespace} with the presets that may select it: the one path from
     * a pod to an injection result, shared by the webhook and the offline CLI.
     */
    public InjectionResult inject(ObjectNode pod, String namespace, IgnoredContainers ignored) {
        Map<String, String> podLabels = InjectionEngine.podLabels(pod);
        return InjectionEngine.inject(pod, namespace(namespace), podLabels, candidates(namespace, podLabels), ignored);
    }

    /**
     * Presets that may apply to a pod of this namespace with these labels, in application order
     * (ClusterPodPresets by name, then the namespace's PodPresets by name). Every preset that selects
     * the pod is included, and every candidate's {@code matchLabels} hold for the pod; its
     * {@code matchExpressions} and namespace selector are left to the engine.
     */
    public List<PreparedPreset> candidates(String namespace, Map<String, String> podLabels) {
        Index own = presetsByNamespace.get(namespace);
        List<PreparedPreset> out = new ArrayList<>();
        clusterPresets.collect(podLabels, out);
        if (own != null) {
            own.collect(podLabels, out);
        }
        return out;
    }

    /** A namespace's name, labels and annotations; without labels or annotations when the namespace is unknown. */
    public NamespaceMetadata namespace(String name) {
        NamespaceMetadata known = namespaces.get(name);
        return known != null ? known : NamespaceMetadata.unknown(name);
    }

    /** The labels of a namespace; empty when the namespace is unknown. */
    public Map<String, String> namespaceLabels(String namespace) {
        return namespace(namespace).labels();
    }

    public int clusterPresetCount() {
        return clusterCount;
    }

    public int size() {
        return size;
    }

    /** Presets of one scope (cluster or one namespace), sorted by name, filed by one matchLabels pair. */
    private static final class Index {
        /** Presets that every pod may match, with their positions in name order. */
        private final Slot[] alwaysCheck;
        /** label key -> label value -> presets requiring that pair, in name order. */
        private final Map<String, Map<String, Slot[]>> byLabel;

        private record Slot(int position, PreparedPreset preset) {
            /** Whether the pod has every matchLabels pair (true for presets without any). */
            boolean labelsHold(Map<String, String> podLabels) {
                // A single pair is the one it is filed under, found by lookup.
                return preset.selector().matchLabels().size() == 1 || preset.selector().matchLabelsHold(podLabels);
            }
        }

        Index(List<PreparedPreset> sortedByName) {
            Map<String, Map<String, Integer>> pairCounts = new HashMap<>();
            for (PreparedPreset p : sortedByName) {
                p.selector().matchLabels().forEach((k, v) ->
                        pairCounts.computeIfAbsent(k, x -> new HashMap<>()).merge(v, 1, Integer::sum));
            }
            List<Slot> always = new ArrayList<>();
            Map<String, Map<String, List<Slot>>> filed = new HashMap<>();
            for (int i = 0; i < sortedByName.size(); i++) {
                PreparedPreset p = sortedByName.get(i);
                Map<String, String> required = p.selector().matchLabels();
                if (required.isEmpty()) {
                    always.add(new Slot(i, p));
                    continue;
                }
                // The rarest pair keeps buckets small; ties broken by key so the choice is stable.
                String bestKey = null;
                int bestCount = Integer.MAX_VALUE;
                for (Map.Entry<String, String> e : required.entrySet()) {
                    int count = pairCounts.get(e.getKey()).get(e.getValue());
                    if (count < bestCount || (count == bestCount && e.getKey().compareTo(bestKey) < 0)) {
                        bestKey = e.getKey();
                        bestCount = count;
                    }
                }
                filed.computeIfAbsent(bestKey, k -> new HashMap<>())
                        .computeIfAbsent(required.get(bestKey), v -> new ArrayList<>())
                        .add(new Slot(i, p));
            }
            this.alwaysCheck = always.toArray(Slot[]::new);
            Map<String, Map<String, Slot[]>> frozen = new HashMap<>();
            filed.forEach((k, values) -> {
                Map<String, Slot[]> inner = new HashMap<>();
                values.forEach((v, slots) -> inner.put(v, slots.toArray(Slot[]::new)));
                frozen.put(k, Map.copyOf(inner));
            });
            this.byLabel = Map.copyOf(frozen);
        }

        /** Appends the candidates for a pod with these labels to {@code out}, in name order. */
        void collect(Map<String, String> podLabels, List<PreparedPreset> out) {
            List<Slot[]> hits = null;
            int total = alwaysCheck.length;
            if (!byLabel.isEmpty()) {
                for (Map.Entry<String, String> label : podLabels.entrySet()) {
                    Map<String, Slot[]> values = byLabel.get(label.getKey());
                    Slot[] slots = values == null ? null : values.get(label.getValue());
                    if (slots != null) {
                        if (hits == null) {
                            hits = new ArrayList<>(4);
                        }
                        hits.add(slots);
                        total += slots.length;
                    }
                }
            }
            if (hits == null) {
                for (Slot s : alwaysCheck) {
                    out.add(s.preset());
                }
                return;
            }
            if (hits.size() == 1 && alwaysCheck.length == 0) {
                for (Slot s : hits.get(0)) {
                    if (s.labelsHold(podLabels)) {
                        out.add(s.preset());
                    }
                }
                return;
            }
            // Each preset is filed once, so the hit lists are disjoint: merge them by position.
            Slot[] merged = new Slot[total];
            int n = 0;
            for (Slot s : alwaysCheck) {
                merged[n++] = s;
            }
            for (Slot[] slots : hits) {
                for (Slot s : slots) {
                    if (s.labelsHold(podLabels)) {
                        merged[n++] = s;
                    }
                }
            }
            merged = java.util.Arrays.copyOf(merged, n);
            java.util.Arrays.sort(merged, Comparator.comparingInt(Slot::position));
            for (Slot s : merged) {
                out.add(s.preset());
            }
        }
    }
}
