package dev.podpreset.api;

import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validator's rules for the pod-level fields (labels, annotations, service account, runtime class,
 * node affinity), with Kubernetes' own syntax rules, so that a preset the webhook accepts never makes
 * the API server refuse the pods it is applied to.
 */
final class PodFieldChecks {
    /** Keys under this prefix are the webhook's own record of what it did. */
    static final String RESERVED_PREFIX = "podpreset.dev/";
    private static final Set<String> NODE_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");

    private PodFieldChecks() {
    }

    static void check(PodPresetSpec spec, List<Violation> out) {
        checkMap("spec.labels", spec.getLabels(), true, out);
        checkMap("spec.annotations", spec.getAnnotations(), false, out);
        checkName("spec.serviceAccountName", spec.getServiceAccountName(), out);
        checkName("spec.runtimeClassName", spec.getRuntimeClassName(), out);
        checkNodeAffinity(spec.getNodeAffinity(), out);
    }

    private static void checkMap(String path, Map<String, String> map, boolean labelValues, List<Violation> out) {
        if (map == null) {
            return;
        }
        map.forEach((k, v) -> {
            String keyProblem = LabelSyntax.checkKey(k);
            if (keyProblem != null) {
                out.add(new Violation(path, "Invalid key \"" + k + "\": " + keyProblem));
            } else if (k.startsWith(RESERVED_PREFIX)) {
                out.add(new Violation(path, "Forbidden key \"" + k + "\": keys under " + RESERVED_PREFIX
                        + " are reserved for the webhook"));
            }
            if (v == null) {
                out.add(new Violation(path + "[" + k + "]", "Required value"));
            } else if (labelValues && LabelSyntax.checkValue(v) != null) {
                out.add(new Violation(path + "[" + k + "]", "Invalid value \"" + v + "\": " + LabelSyntax.checkValue(v)));
            }
        });
    }

    private static void checkName(String path, String name, List<Violation> out) {
        if (name != null && !LabelSyntax.isDnsSubdomain(name)) {
            out.add(new Violation(path, "Invalid value \"" + name + "\": must be a lowercase DNS subdomain"));
        }
    }

    private static void checkNodeAffinity(NodeAffinity affinity, List<Violation> out) {
        if (affinity == null) {
            return;
        }
        String path = "spec.nodeAffinity";
        if (affinity.getRequiredDuringSchedulingIgnoredDuringExecution() == null
                && (affinity.getPreferredDuringSchedulingIgnoredDuringExecution() == null
                || affinity.getPreferredDuringSchedulingIgnoredDuringExecution().isEmpty())) {
            out.add(new Violation(path, "Required value: requiredDuringSchedulingIgnoredDuringExecution or"
                    + " preferredDuringSchedulingIgnoredDuringExecution"));
        }
        if (affinity.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
            String at = path + ".requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
            List<NodeSelectorTerm> terms = affinity.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
            if (terms == null || terms.size() != 1) {
                out.add(new Violation(at, "Invalid value: must hold exactly one term; its requirements are added to"
                        + " every term of the pod"));
            } else {
                checkTerm(at + "[0]", terms.get(0), out);
            }
        }
        List<PreferredSchedulingTerm> preferred = affinity.getPreferredDuringSchedulingIgnoredDuringExecution();
        for (int i = 0; preferred != null && i < preferred.size(); i++) {
            PreferredSchedulingTerm p = preferred.get(i);
            String at = path + ".preferredDuringSchedulingIgnoredDuringExecution[" + i + "]";
            if (p == null) {
                out.add(new Violation(at, "Required value"));
                continue;
            }
            if (p.getWeight() == null || p.getWeight() < 1 || p.getWeight() > 100) {
                out.add(new Violation(at + ".weight", "Invalid value " + p.getWeight() + ": must be in the range 1-100"));
            }
            if (p.getPreference() == null) {
                out.add(new Violation(at + ".preference", "Required value"));
            } else {
                checkTerm(at + ".preference", p.getPreference(), out);
            }
        }
    }

    private static void checkTerm(String path, NodeSelectorTerm term, List<Violation> out) {
        if (term == null || (isEmpty(term.getMatchExpressions()) && isEmpty(term.getMatchFields()))) {
            out.add(new Violation(path, "Required value: matchExpressions or matchFields"));
            return;
        }
        each(path + ".matchExpressions", term.getMatchExpressions(), PodFieldChecks::checkExpression, out);
        each(path + ".matchFields", term.getMatchFields(), PodFieldChecks::checkField, out);
    }

    /** Calls {@code check} with each requirement and its path; a null entry is a violation itself. */
    private static void each(String path, List<NodeSelectorRequirement> requirements, RequirementCheck check,
                             List<Violation> out) {
        for (int i = 0; requirements != null && i < requirements.size(); i++) {
            String at = path + "[" + i + "]";
            if (requirements.get(i) == null) {
                out.add(new Violation(at, "Required value"));
            } else {
                check.check(at, requirements.get(i), out);
            }
        }
    }

    private interface RequirementCheck {
        void check(String at, NodeSelectorRequirement r, List<Violation> out);
    }

    private static void checkExpression(String at, NodeSelectorRequirement r, List<Violation> out) {
        String keyProblem = LabelSyntax.checkKey(r.getKey());
        if (keyProblem != null) {
            out.add(new Violation(at + ".key", "Invalid value \"" + r.getKey() + "\": " + keyProblem));
        }
        checkRequirement(at, r, out);
    }

    private static void checkField(String at, NodeSelectorRequirement r, List<Violation> out) {
        if (!"metadata.name".equals(r.getKey())) {
            out.add(new Violation(at + ".key", "Unsupported value \"" + r.getKey() + "\": supported values: metadata.name"));
        }
        if (!"In".equals(r.getOperator()) && !"NotIn".equals(r.getOperator())) {
            out.add(new Violation(at + ".operator", "Unsupported value \"" + r.getOperator() + "\": supported values: In, NotIn"));
        } else if (r.getValues() == null || r.getValues().size() != 1) {
            out.add(new Violation(at + ".values", "Required value: must hold exactly one node name"));
        }
    }

    private static void checkRequirement(String at, NodeSelectorRequirement r, List<Violation> out) {
        String op = r.getOperator();
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        if (!NODE_OPERATORS.contains(op)) {
            out.add(new Violation(at + ".operator", "Unsupported value \"" + op
                    + "\": supported values: In, NotIn, Exists, DoesNotExist, Gt, Lt"));
        } else if ((op.equals("In") || op.equals("NotIn")) && values.isEmpty()) {
            out.add(new Violation(at + ".values", "Required value: must be specified when operator is " + op));
        } else if ((op.equals("Exists") || op.equals("DoesNotExist")) && !values.isEmpty()) {
            out.add(new Violation(at + ".values", "Forbidden: may not be specified when operator is " + op));
        } else if ((op.equals("Gt") || op.equals("Lt")) && (values.size() != 1 || !isInteger(values.get(0)))) {
            out.add(new Violation(at + ".values", "Invalid value: must be one integer when operator is " + op));
        }
        for (int j = 0; j < values.size(); j++) {
            String problem = LabelSyntax.checkValue(values.get(j));
            if (problem != null) {
                out.add(new Violation(at + ".values[" + j + "]", "Invalid value \"" + values.get(j) + "\": " + problem));
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
