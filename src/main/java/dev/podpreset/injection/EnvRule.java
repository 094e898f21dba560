package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.api.EnvPlacement;
import dev.podpreset.api.InjectedField;
import dev.podpreset.api.PodPresetSpec;
import io.fabric8.kubernetes.api.model.EnvVar;

import java.util.List;

/**
 * env, merged by name into each target container: a variable with a new name is added, one equal to the
 * container's variable of that name is identical, a different one is a conflict. New variables go after the
 * container's own, or before them for {@code envPlacement: Prepend}; the decision by name does not depend on it.
 */
final class EnvRule extends MergeRule<EnvRule.Variables> {
    private static final String SLOT = "env";

    /** A preset's variables and where new ones go. */
    record Variables(List<Entry> entries, boolean prepend) {
    }

    private static final InjectedField<List<EnvVar>> FIELD = InjectedField.list("env", PodPresetSpec::getEnv);

    EnvRule() {
        super(Scope.OWN_CONTAINERS, FIELD);
    }

    @Override
    Variables prepare(PodPresetSpec spec) {
        List<Entry> entries = Entry.prepare(FIELD.value().apply(spec), MergeKeys.NAME, ApiDefaults::env);
        return entries.isEmpty() ? null : new Variables(entries, spec.getEnvPlacement() == EnvPlacement.Prepend);
    }

    @Override
    void merge(Variables variables, Slots slots, Merge merge) {
        ListDraft env = slots.list(SLOT);
        for (Entry e : variables.entries()) {
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
