package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.NamespaceFieldPath;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a running pod's values from the namespace ({@code valueFrom.namespaceFieldRef}) no longer agree with the
 * namespace: admission resolved them once, and a later label or annotation change reaches only new pods. Read
 * from the containers the preset targets, as admission chose them.
 */
public final class NamespaceValueDrift {
    private NamespaceValueDrift() {
    }

    /**
     * One variable of one container.
     *
     * @param admitted the value the pod carries
     * @param now      what the namespace gives now (its default included); null when it gives none
     */
    public record Difference(String container, String variable, NamespaceFieldPath path, String admitted, String now) {
    }

    /**
     * The variables of {@code preset} read from the namespace whose value in {@code pod} differs from what
     * {@code namespace} gives now; empty when they all agree or the preset reads nothing from the namespace.
     */
    public static List<Difference> of(PreparedPreset preset, ObjectNode pod, NamespaceMetadata namespace,
                                      IgnoredContainers ignored) {
        List<EnvRule.Variable> fromNamespace = new ArrayList<>();
        for (MergeRule.Prepared<?> field : preset.containerFields) {
            if (field.value() instanceof EnvRule.Variables env) {
                env.variables().stream().filter(v -> v.path() != null).forEach(fromNamespace::add);
            }
        }
        if (fromNamespace.isEmpty()) {
            return List.of();
        }
        PodDraft draft = new PodDraft(pod, preset.injectedContainerNames,
                ignored.forPod(pod.path("metadata").path("annotations")));
        List<Difference> out = new ArrayList<>();
        for (OwnContainer c : draft.ownContainers()) {
            if (!preset.targets(c)) {
                continue;
            }
            for (EnvRule.Variable v : fromNamespace) {
                JsonNode carried = c.list("env").find(MergeKeys.NAME, v.name());
                // A variable without a plain value is the pod's own: admission would have skipped the preset for it.
                if (carried == null || !carried.path("value").isTextual()) {
                    continue;
                }
                String now = v.value(namespace);
                if (!Objects.equals(carried.path("value").textValue(), now)) {
                    out.add(new Difference(c.name(), v.name(), v.path(), carried.path("value").textValue(), now));
                }
            }
        }
        return out;
    }
}
