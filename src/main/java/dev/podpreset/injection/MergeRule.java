package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.api.InjectedField;
import dev.podpreset.api.PodPresetSpec;

import java.util.List;

/**
 * How one preset field is merged into a pod: reads the field from the spec and prepares it once per
 * preset change ({@link #prepare}), then merges the prepared form into a pod at every admission
 * ({@link #merge}). Subclasses are the kinds of field (keyed list, set-like list, map, scalar, mounts,
 * containers, node affinity); {@link MergeRules} lists every field with its rule.
 *
 * @param <P> the prepared form of the field
 */
abstract class MergeRule<P> {
    /** Whether the field goes into the pod, or into each of the pod's own (target) containers. */
    enum Scope { POD, OWN_CONTAINERS }

    private final Scope scope;
    private final InjectedField<?> field;

    MergeRule(Scope scope, InjectedField<?> field) {
        this.scope = scope;
        this.field = field;
    }

    Scope scope() {
        return scope;
    }

    /** The spec field this rule merges. */
    InjectedField<?> field() {
        return field;
    }

    /**
     * The field of this spec ready to merge, or null when the preset does not set it. {@code specJson} is the same
     * validated spec as JSON ({@code SpecJson}): entries are prepared from it, each rule defaulting only its own
     * field's entries in place.
     */
    abstract P prepare(PodPresetSpec spec, JsonNode specJson);

    /** Merges the prepared field into {@code slots}, appending to {@code merge}'s undo log and conflicts. */
    abstract void merge(P prepared, Slots slots, Merge merge);

    /** The names of the containers this field injects; none but for containers. */
    List<Object> containerNames(P prepared) {
        return List.of();
    }

    /** The field of one preset, prepared. */
    record Prepared<P>(MergeRule<P> rule, P value) {
        void merge(Slots slots, Merge merge) {
            rule.merge(value, slots, merge);
        }

        List<Object> containerNames() {
            return rule.containerNames(value);
        }
    }

    /** {@link #prepare}d, or null when the spec does not set the field. */
    final Prepared<P> prepared(PodPresetSpec spec, JsonNode specJson) {
        P value = prepare(spec, specJson);
        return value == null ? null : new Prepared<>(this, value);
    }
}
