package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.InjectedField;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A list merged by key (env, envFrom, volumes, imagePullSecrets): an entry with a new key is appended,
 * one equal to the pod's entry of that key is identical, a different one is a conflict.
 */
final class KeyedListRule extends ListRule {
    /** The conflict's wording for an entry, e.g. {@code env "DB_PORT"}; called only on a conflict. */
    private final Function<Entry, String> conflictWording;

    KeyedListRule(Scope scope, InjectedField<? extends List<?>> field, String slot, Function<JsonNode, Object> key,
                  Consumer<ObjectNode> defaults, Function<Entry, String> conflictWording) {
        super(scope, field, slot, key, defaults);
        this.conflictWording = conflictWording;
    }

    @Override
    void merge(List<Entry> entries, Slots slots, Merge merge) {
        ListDraft list = slots.list(slot);
        for (Entry e : entries) {
            JsonNode existing = list.find(key, e.key());
            if (existing == null) {
                list.add(e.value(), merge.tx);
            } else if (!e.sameAs(existing)) {
                merge.conflict(conflictWording.apply(e), slots);
            }
        }
    }
}
