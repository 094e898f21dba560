package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.podpreset.api.InjectedField;
import dev.podpreset.api.PodPresetSpec;

import java.util.Set;

/**
 * A single value of the pod spec (serviceAccountName, automountServiceAccountToken, runtimeClassName):
 * set when the pod has none, identical when equal, a conflict when different.
 */
final class ScalarRule extends MergeRule<JsonNode> {
    private final InjectedField<?> field;
    private final String slot;
    /** Values that count as "none": what the API server puts there before webhooks run. */
    private final Set<String> unsetValues;
    /** A deprecated field the API server keeps equal to this one; null when there is none. */
    private final String alias;

    ScalarRule(InjectedField<?> field, String slot, Set<String> unsetValues, String alias) {
        super(Scope.POD, field);
        this.field = field;
        this.slot = slot;
        this.unsetValues = unsetValues;
        this.alias = alias;
    }

    ScalarRule(InjectedField<?> field, String slot) {
        this(field, slot, Set.of(""), null);
    }

    @Override
    JsonNode prepare(PodPresetSpec spec, JsonNode specJson) {
        Object value = field.value().apply(spec);
        if (value instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        return value == null ? null : TextNode.valueOf(value.toString());
    }

    @Override
    void merge(JsonNode value, Slots slots, Merge merge) {
        ScalarDraft draft = slots.scalar(slot);
        JsonNode current = draft.get();
        if (value.equals(current)) {
            return; // identical, also when the preset asks for "default" itself
        }
        if (current == null || (current.isTextual() && unsetValues.contains(current.textValue()))) {
            draft.set(value, merge.tx);
            ScalarDraft deprecated = alias == null ? null : slots.scalar(alias);
            if (deprecated != null && deprecated.get() != null && !value.equals(deprecated.get())) {
                deprecated.set(value, merge.tx);
            }
        } else if (!current.equals(value)) {
            merge.conflict(slot.substring(slot.lastIndexOf('/') + 1), slots);
        }
    }
}
