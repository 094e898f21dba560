package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.InjectedField;
import dev.podpreset.api.PodPresetSpec;

import java.util.List;

/**
 * Injected containers (initContainers, sidecars): keyed by name across all the pod's containers and
 * init containers. A new one is appended when every volume it mounts exists in the pod; one equal to
 * the pod's container of that name is identical; a different one is a conflict.
 */
final class ContainerRule extends MergeRule<List<ContainerRule.Injected>> {
    /**
     * A container to inject. {@code onHostNetwork} is its normalised form in a pod with
     * {@code hostNetwork: true}, where the API server sets each port's hostPort to its containerPort.
     */
    record Injected(Entry entry, JsonNode onHostNetwork) {
        boolean sameAs(JsonNode existing, boolean hostNetwork) {
            return hostNetwork ? SemanticJson.equivalent(onHostNetwork, existing) : entry.sameAs(existing);
        }
    }

    private final InjectedField<? extends List<?>> field;
    private final String slot;
    /** "container" or "init container", for conflicts. */
    private final String what;

    ContainerRule(InjectedField<? extends List<?>> field, String slot, String what) {
        super(Scope.POD, field);
        this.field = field;
        this.slot = slot;
        this.what = what;
    }

    @Override
    List<Injected> prepare(PodPresetSpec spec, JsonNode specJson) {
        List<Entry> entries = Entry.prepare(specJson.path(field.name()), MergeKeys.NAME, ApiDefaults::container);
        if (entries.isEmpty()) {
            return null;
        }
        return entries.stream().map(e -> {
            if (!e.value().has("ports")) {
                return new Injected(e, e.normalized()); // one tree, not two (presets are many)
            }
            ObjectNode copy = e.value().deepCopy();
            ApiDefaults.hostNetworkPorts(copy);
            return new Injected(e, SemanticJson.normalize(copy));
        }).toList();
    }

    @Override
    List<Object> containerNames(List<Injected> injected) {
        return injected.stream().map(i -> i.entry().key()).toList();
    }

    @Override
    void merge(List<Injected> containers, Slots slots, Merge merge) {
        PodDraft draft = merge.draft;
        for (Injected c : containers) {
            Entry e = c.entry();
            JsonNode existing = draft.findContainer(e.key());
            if (existing != null) {
                if (!c.sameAs(existing, draft.hostNetwork())) {
                    merge.conflict(what + " \"" + e.key() + "\"", slots);
                }
                continue;
            }
            boolean mountsResolve = true;
            for (JsonNode mount : e.value().path("volumeMounts")) {
                String volume = mount.path("name").asText();
                if (draft.list(PodDraft.VOLUMES).find(MergeKeys.NAME, volume) == null) {
                    merge.conflict(what + " \"" + e.key() + "\" mounts volume \"" + volume + "\" that the pod does not have", slots);
                    mountsResolve = false;
                }
            }
            if (mountsResolve) {
                slots.list(slot).add(e.value(), merge.tx);
            }
        }
    }
}
