package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.InjectedField;
import dev.podpreset.api.PodPresetSpec;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** A list field: read from the spec, each entry keyed and defaulted once per preset change. */
abstract class ListRule extends MergeRule<List<Entry>> {
    private final InjectedField<? extends List<?>> field;
    final String slot;
    final Function<JsonNode, Object> key;
    private final Consumer<ObjectNode> defaults;

    ListRule(Scope scope, InjectedField<? extends List<?>> field, String slot, Function<JsonNode, Object> key,
             Consumer<ObjectNode> defaults) {
        super(scope, field);
        this.field = field;
        this.slot = slot;
        this.key = key;
        this.defaults = defaults;
    }

    @Override
    final List<Entry> prepare(PodPresetSpec spec, JsonNode specJson) {
        List<Entry> entries = Entry.prepare(specJson.path(field.name()), key, defaults);
        return entries.isEmpty() ? null : entries;
    }
}
