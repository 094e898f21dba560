package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.InjectedField;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** A list used as a set (tolerations): an entry is appended unless an equal one exists; never a conflict. */
final class SetListRule extends ListRule {

    SetListRule(InjectedField<? extends List<?>> field, String slot, Function<JsonNode, Object> key,
                Consumer<ObjectNode> defaults) {
        super(Scope.POD, field, slot, key, defaults);
    }

    @Override
    void merge(List<Entry> entries, Slots slots, Merge merge) {
        addMissing(slots.list(slot), key, entries, merge.tx);
    }

    /** Appends each entry whose key is not in the list yet. */
    static void addMissing(ListDraft list, Function<JsonNode, Object> key, List<Entry> entries, Transaction tx) {
        for (Entry e : entries) {
            if (list.find(key, e.key()) == null) {
                list.add(e.value(), tx);
            }
        }
    }
}
