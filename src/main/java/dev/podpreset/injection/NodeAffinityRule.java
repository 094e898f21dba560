package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.api.InjectedField;
import dev.podpreset.api.PodPresetSpec;
import io.fabric8.kubernetes.api.model.NodeAffinity;

import java.util.List;

/**
 * nodeAffinity. Kubernetes ORs required terms, so each requirement of the preset's one required term
 * is added to every required term of the pod (to one new term when the pod has none), unless an equal
 * requirement is already there; preferred terms are appended unless an equal one exists. Never a
 * conflict, like tolerations; the pod's other affinity fields are left alone.
 */
final class NodeAffinityRule extends MergeRule<NodeAffinityRule.Requirements> {
    static final String NODE_AFFINITY = "/spec/affinity/nodeAffinity";
    static final String REQUIRED_TERMS = NODE_AFFINITY + "/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms";
    static final String PREFERRED = NODE_AFFINITY + "/preferredDuringSchedulingIgnoredDuringExecution";

    /** The preset's required expressions and fields (of its one term) and its preferred terms. */
    record Requirements(List<Entry> expressions, List<Entry> fields, List<Entry> preferred) {
    }

    private static final InjectedField<NodeAffinity> FIELD = InjectedField.value("nodeAffinity", PodPresetSpec::getNodeAffinity);

    NodeAffinityRule() {
        super(Scope.POD, FIELD);
    }

    @Override
    Requirements prepare(PodPresetSpec spec, JsonNode specJson) {
        if (FIELD.value().apply(spec) == null) {
            return null;
        }
        JsonNode affinity = specJson.path(FIELD.name());
        // A preset's required affinity is one term (the validator allows no more).
        JsonNode term = affinity.path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms")
                .path(0);
        return new Requirements(entries(term.path("matchExpressions")), entries(term.path("matchFields")),
                entries(affinity.path("preferredDuringSchedulingIgnoredDuringExecution")));
    }

    private static List<Entry> entries(JsonNode items) {
        return Entry.prepare(items, MergeKeys.WHOLE, n -> { });
    }

    @Override
    void merge(Requirements r, Slots slots, Merge merge) {
        if (!r.expressions().isEmpty() || !r.fields().isEmpty()) {
            JsonNode terms = merge.draft.original(REQUIRED_TERMS);
            int count = Math.max(1, terms.isArray() ? terms.size() : 0);
            for (int i = 0; i < count; i++) {
                String term = REQUIRED_TERMS + "/" + i;
                SetListRule.addMissing(slots.list(term + "/matchExpressions"), MergeKeys.WHOLE, r.expressions(), merge.tx);
                SetListRule.addMissing(slots.list(term + "/matchFields"), MergeKeys.WHOLE, r.fields(), merge.tx);
            }
        }
        SetListRule.addMissing(slots.list(PREFERRED), MergeKeys.WHOLE, r.preferred(), merge.tx);
    }
}
