package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.EnvPlacement;
import dev.podpreset.api.InjectedField;
import dev.podpreset.api.NamespaceFieldPath;
import dev.podpreset.api.NamespaceFieldRef;
import dev.podpreset.api.PodPresetSpec;
import dev.podpreset.api.PresetEnvVar;

import java.util.ArrayList;
import java.util.List;

/**
 * env, merged by name into each target container: a variable with a new name is added, one equal to the
 * container's variable of that name is identical, a different one is a conflict. New variables go after the
 * container's own, or before them for {@code envPlacement: Prepend}; the decision by name does not depend on it.
 * A variable whose value comes from the namespace ({@code valueFrom.namespaceFieldRef}) is resolved at each
 * admission into a plain {@code {name, value}}, and compared as such; a namespace without the label or
 * annotation and no default makes the preset conflict.
 */
final class EnvRule extends MergeRule<EnvRule.Variables> {
    private static final String SLOT = "env";
    private static final InjectedField<List<PresetEnvVar>> FIELD = InjectedField.list("env", PodPresetSpec::getEnv);

    /** A preset's variables and where new ones go. */
    record Variables(List<Variable> variables, boolean prepend) {
    }

    /**
     * One variable: {@code fixed} when its value is known once the preset is prepared, else read from the
     * namespace at {@code path}, {@code fallback} (null for none) when the namespace has no such value.
     */
    record Variable(Entry fixed, String name, NamespaceFieldPath path, String fallback) {
        /** The entry to merge for this namespace, or null (recorded in {@code merge}) when it has no value. */
        Entry resolve(Merge merge) {
            if (fixed != null) {
                return fixed;
            }
            String value = value(merge.namespace);
            if (value == null) {
                merge.unresolved("namespace " + path.source().word() + " \"" + path.key() + "\" is not set");
                return null;
            }
            return Entry.of(JsonNodeFactory.instance.objectNode().put("name", name).put("value", value), MergeKeys.NAME,
                    n -> { });
        }

        /** A variable read from the namespace: its value there, else its default; null when it has neither. */
        String value(NamespaceMetadata namespace) {
            String value = namespace.value(path);
            return value != null ? value : fallback;
        }
    }

    EnvRule() {
        super(Scope.OWN_CONTAINERS, FIELD);
    }

    @Override
    Variables prepare(PodPresetSpec spec, JsonNode specJson) {
        List<PresetEnvVar> env = FIELD.value().apply(spec);
        if (env == null || env.isEmpty()) {
            return null;
        }
        JsonNode envJson = specJson.path(FIELD.name());
        List<Variable> variables = new ArrayList<>(env.size());
        for (int i = 0; i < env.size(); i++) {
            PresetEnvVar e = env.get(i);
            NamespaceFieldRef ref = e.getValueFrom() == null ? null : e.getValueFrom().getNamespaceFieldRef();
            variables.add(ref == null
                    ? new Variable(Entry.of((ObjectNode) envJson.get(i), MergeKeys.NAME, ApiDefaults::env), e.getName(),
                            null, null)
                    : new Variable(null, e.getName(), NamespaceFieldPath.parse(ref.getFieldPath()), ref.getDefaultValue()));
        }
        return new Variables(List.copyOf(variables), spec.getEnvPlacement() == EnvPlacement.Prepend);
    }

    @Override
    void merge(Variables variables, Slots slots, Merge merge) {
        ListDraft env = slots.list(SLOT);
        for (Variable v : variables.variables()) {
            Entry e = v.resolve(merge);
            if (e == null) {
                continue;
            }
            JsonNode existing = env.find(MergeKeys.NAME, e.key());
            if (existing == null) {
                if (variables.prepend()) {
                    env.prepend(e.value(), merge.tx);
                } else {
                    env.add(e.value(), merge.tx);
                }
            } else if (!e.sameAs(existing)) {
                merge.conflict("env \"" + e.key() + "\"", slots);
            }
        }
    }
}
