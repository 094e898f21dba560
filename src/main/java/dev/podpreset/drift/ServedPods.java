package dev.podpreset.drift;

import dev.podpreset.injection.LabelSelectorMatcher;

import java.util.Map;
import java.util.Set;

/**
 * The pods the webhook is called for, from its own configuration: its namespaceSelector and objectSelector and
 * the namespaces it excludes. A pod the webhook never sees cannot carry a preset, so it is not counted.
 */
public record ServedPods(LabelSelectorMatcher namespaceSelector, LabelSelectorMatcher objectSelector,
                         Set<String> excludedNamespaces) {

    public static final ServedPods ALL = new ServedPods(LabelSelectorMatcher.of(null), LabelSelectorMatcher.of(null), Set.of());

    public boolean serves(String namespace, Map<String, String> namespaceLabels, Map<String, String> podLabels) {
        return !excludedNamespaces.contains(namespace) && namespaceSelector.matches(namespaceLabels)
                && objectSelector.matches(podLabels);
    }
}
