package dev.podpreset.presets;

import dev.podpreset.injection.PreparedPreset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable view of every valid preset and every namespace's labels at one moment. Admissions
 * read it without locks; a source replaces it whole when something changes.
 */
public final class PresetSnapshot {
    public static final PresetSnapshot EMPTY = new PresetSnapshot(List.of(), Map.of());

    private final List<PreparedPreset> clusterPresets;
    private final Map<String, List<PreparedPreset>> presetsByNamespace;
    private final Map<String, Map<String, String>> namespaceLabels;
    private final int size;

    public PresetSnapshot(Collection<PreparedPreset> presets, Map<String, Map<String, String>> namespaceLabels) {
        Comparator<PreparedPreset> byName = Comparator.comparing(PreparedPreset::name);
        List<PreparedPreset> cluster = new ArrayList<>();
        Map<String, List<PreparedPreset>> byNamespace = new HashMap<>();
        for (PreparedPreset p : presets) {
            if (p.namespace() == null) {
                cluster.add(p);
            } else {
                byNamespace.computeIfAbsent(p.namespace(), ns -> new ArrayList<>()).add(p);
            }
        }
        cluster.sort(byName);
        byNamespace.replaceAll((ns, list) -> {
            list.sort(byName);
            return List.copyOf(list);
        });
        this.clusterPresets = List.copyOf(cluster);
        this.presetsByNamespace = Map.copyOf(byNamespace);
        this.namespaceLabels = Map.copyOf(namespaceLabels);
        this.size = presets.size();
    }

    /** Presets that may apply to a pod of this namespace, in application order. */
    public List<PreparedPreset> candidates(String namespace) {
        List<PreparedPreset> own = presetsByNamespace.getOrDefault(namespace, List.of());
        if (own.isEmpty()) {
            return clusterPresets;
        }
        List<PreparedPreset> all = new ArrayList<>(clusterPresets.size() + own.size());
        all.addAll(clusterPresets);
        all.addAll(own);
        return all;
    }

    /** The labels of a namespace; empty when the namespace is unknown. */
    public Map<String, String> namespaceLabels(String namespace) {
        return namespaceLabels.getOrDefault(namespace, Map.of());
    }

    public int clusterPresetCount() {
        return clusterPresets.size();
    }

    public int size() {
        return size;
    }
}
