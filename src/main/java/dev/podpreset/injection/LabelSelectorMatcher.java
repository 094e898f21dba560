package dev.podpreset.injection;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;

/**
 * A compiled label selector. Absent or empty selects everything, as in Kubernetes. Only valid
 * selectors reach here (the validator refuses unknown operators).
 */
public final class LabelSelectorMatcher {
    private static final LabelSelectorMatcher EVERYTHING = new LabelSelectorMatcher(Map.of(), List.of());

    private final Map<String, String> matchLabels;
    private final List<LabelSelectorRequirement> expressions;

    private LabelSelectorMatcher(Map<String, String> matchLabels, List<LabelSelectorRequirement> expressions) {
        this.matchLabels = matchLabels;
        this.expressions = expressions;
    }

    public static LabelSelectorMatcher of(LabelSelector selector) {
        if (selector == null) {
            return EVERYTHING;
        }
        Map<String, String> labels = selector.getMatchLabels() == null ? Map.of() : Map.copyOf(selector.getMatchLabels());
        List<LabelSelectorRequirement> exprs = selector.getMatchExpressions() == null ? List.of() : List.copyOf(selector.getMatchExpressions());
        return labels.isEmpty() && exprs.isEmpty() ? EVERYTHING : new LabelSelectorMatcher(labels, exprs);
    }

    /** Whether every {@code matchLabels} pair is among {@code labels} (true when there are none). */
    public boolean matchLabelsHold(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The equality requirements, which the preset index uses to find candidates without a scan. */
    public Map<String, String> matchLabels() {
        return matchLabels;
    }

    public boolean matches(Map<String, String> labels) {
        if (!matchLabelsHold(labels)) {
            return false;
        }
        for (LabelSelectorRequirement r : expressions) {
            String value = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && r.getValues().contains(value);
                case "NotIn" -> value == null || !r.getValues().contains(value);
                case "Exists" -> labels.containsKey(r.getKey());
                case "DoesNotExist" -> !labels.containsKey(r.getKey());
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
