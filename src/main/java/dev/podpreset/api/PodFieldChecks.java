package dev.podpreset.api;

import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;

import java.util.List;
import java.util.Map;

/**
 * The validator's rules for the pod-level fields (labels, annotations, service account, runtime class,
 * node affinity), with Kubernetes' own syntax rules, so that a preset the webhook accepts never makes
 * the API server refuse the pods it is applied to.
 */
final class PodFieldChecks {
    /** Keys under this prefix are the webhook's own record of what it did. */
    static final String RESERVED_PREFIX = "podpreset.dev/";
    private static final List<String> NODE_OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");

    private PodFieldChecks() {
    }

    static void check(PodPresetSpec spec, Violations out) {
        checkMap("spec.labels", spec.getLabels(), true, out);
        checkMap("spec.annotations", spec.getAnnotations(), false, out);
        checkName("spec.serviceAccountName", spec.getServiceAccountName(), out);
        checkName("spec.runtimeClassName", spec.getRuntimeClassName(), out);
        checkNodeAffinity(spec.getNodeAffinity(), out);
    }

    private static void checkMap(String path, Map<String, String> map, boolean labelValues, Violations out) {
        if (map == null) {
            return;
        }
        map.forEach((k, v) -> {
            String keyProblem = LabelSyntax.checkKey(k);
            if (keyProblem != null) {
                out.invalidKey(path, k, keyProblem);
            } else if (k.startsWith(RESERVED_PREFIX)) {
                out.forbiddenKey(path, k, "keys under " + RESERVED_PREFIX + " are reserved for the webhook");
            }
            if (v == null) {
                out.required(path + "[" + k + "]");
            } else if (labelValues && LabelSyntax.checkValue(v) != null) {
                out.invalid(path + "[" + k + "]", v, LabelSyntax.checkValue(v));
            }
        });
    }

    private static void checkName(String path, String name, Violations out) {
        if (name != null && !LabelSyntax.isDnsSubdomain(name)) {
            out.invalid(path, name, "must be a lowercase DNS subdomain");
        }
    }

    private static void checkNodeAffinity(NodeAffinity affinity, Violations out) {
        if (affinity == null) {
            return;
        }
        String path = "spec.nodeAffinity";
        if (affinity.getRequiredDuringSchedulingIgnoredDuringExecution() == null
                && (affinity.getPreferredDuringSchedulingIgnoredDuringExecution() == null
                || affinity.getPreferredDuringSchedulingIgnoredDuringExecution().isEmpty())) {
            out.required(path, "requiredDuringSchedulingIgnoredDuringExecution or"
                    + " preferredDuringSchedulingIgnoredDuringExecution");
        }
        if (affinity.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            String at = path + ".requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
            List<NodeSelectorTerm> terms = affinity.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
            if (terms == null || terms.size() != 1) {
                out.invalid(at, "must hold exactly one term; its requirements are added to every term of the pod");
            } else {
                checkTerm(at + "[0]", terms.get(0), out);
            }
        }
        List<PreferredSchedulingTerm> preferred = affinity.getPreferredDuringSchedulingIgnoredDuringExecution();
        for (int i = 0; preferred != null && i < preferred.size(); i++) {
            PreferredSchedulingTerm p = preferred.get(i);
            String at = path + ".preferredDuringSchedulingIgnoredDuringExecution[" + i + "]";
            if (p == null) {
                out.required(at);
                continue;
            }
            if (p.getWeight() == null || p.getWeight() < 1 || p.getWeight() > 100) {
                out.invalid(at + ".weight", p.getWeight(), "must be in the range 1-100");
            }
            if (p.getPreference() == null) {
                out.required(at + ".preference");
            } else {
                checkTerm(at + ".preference", p.getPreference(), out);
            }
        }
    }

    private static void checkTerm(String path, NodeSelectorTerm term, Violations out) {
        if (term == null || (isEmpty(term.getMatchExpressions()) && isEmpty(term.getMatchFields()))) {
            out.required(path, "matchExpressions or matchFields");
            return;
        }
        each(path + ".matchExpressions", term.getMatchExpressions(), PodFieldChecks::checkExpression, out);
        each(path + ".matchFields", term.getMatchFields(), PodFieldChecks::checkField, out);
    }

    /** Calls {@code check} with each requirement and its path; a null entry is a violation itself. */
    private static void each(String path, List<NodeSelectorRequirement> requirements, RequirementCheck check,
                             Violations out) {
        for (int i = 0; requirements != null && i < requirements.size(); i++) {
            String at = path + "[" + i + "]";
            if (requirements.get(i) == null) {
                out.required(at);
            } else {
                check.check(at, requirements.get(i), out);
            }
        }
    }

    private interface RequirementCheck {
        void check(String at, NodeSelectorRequirement r, Violations out);
    }

    private static void checkExpression(String at, NodeSelectorRequirement r, Violations out) {
        String keyProblem = LabelSyntax.checkKey(r.getKey());
        if (keyProblem != null) {
            out.invalid(at + ".key", r.getKey(), keyProblem);
        }
        checkRequirement(at, r, out);
    }

    private static void checkField(String at, NodeSelectorRequirement r, Violations out) {
        if (!"metadata.name".equals(r.getKey())) {
            out.notSupported(at + ".key", r.getKey(), List.of("metadata.name"));
        }
        if (!"In".equals(r.getOperator()) && !"NotIn".equals(r.getOperator())) {
            out.notSupported(at + ".operator", r.getOperator(), List.of("In", "NotIn"));
        } else if (r.getValues() == null || r.getValues().size() != 1) {
            out.required(at + ".values", "must hold exactly one node name");
        }
    }

    private static void checkRequirement(String at, NodeSelectorRequirement r, Violations out) {
        String op = r.getOperator();
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        if (op == null || op.isEmpty()) {
            out.required(at + ".operator", "supported values: " + String.join(", ", NODE_OPERATORS));
        } else if (!NODE_OPERATORS.contains(op)) {
            out.notSupported(at + ".operator", op, NODE_OPERATORS);
        } else if ((op.equals("In") || op.equals("NotIn")) && values.isEmpty()) {
            out.required(at + ".values", "must be specified when operator is " + op);
        } else if ((op.equals("Exists") || op.equals("DoesNotExist")) && !values.isEmpty()) {
            out.forbidden(at + ".values", "may not be specified when operator is " + op);
        } else if ((op.equals("Gt") || op.equals("Lt")) && (values.size() != 1 || !isInteger(values.get(0)))) {
            out.invalid(at + ".values", "must be one integer when operator is " + op);
        }
        for (int j = 0; j < values.size(); j++) {
            String problem = LabelSyntax.checkValue(values.get(j));
            if (problem != null) {
                out.invalid(at + ".values[" + j + "]", values.get(j), problem);
            }
        }
    }

    private static boolean isInteger(String s) {
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
