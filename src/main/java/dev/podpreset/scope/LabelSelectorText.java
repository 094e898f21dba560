package dev.podpreset.scope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.podpreset.api.PresetValidator;
import dev.podpreset.api.Violation;
import dev.podpreset.api.Violations;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Label selectors as text: kubectl's {@code -l} syntax ({@code a=b,c!=d,e in (x,y),f notin (z),g,!h})
 * or a LabelSelector as JSON ({@code {"matchLabels": {...}}}, as the chart passes selectors with
 * {@code toJson}); and back to kubectl syntax for messages. Parsed selectors are checked by the same
 * rules as a preset's selector.
 */
public final class LabelSelectorText {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private LabelSelectorText() {
    }

    /** Parses either syntax; throws {@link IllegalArgumentException} with the reason. */
    public static LabelSelector parse(String text) {
        String trimmed = text.strip();
        LabelSelector selector = trimmed.startsWith("{") ? parseJson(trimmed) : parseKubectl(trimmed);
        Violations violations = new Violations();
        PresetValidator.checkSelector("selector", selector, violations);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException(Violation.join(violations.list()));
        }
        return selector;
    }

    private static LabelSelector parseJson(String json) {
        try {
            LabelSelector selector = STRICT.readValue(json, LabelSelector.class);
            // The model keeps unknown fields instead of failing on them.
            if (!selector.getAdditionalProperties().isEmpty()) {
                throw new IllegalArgumentException(selector.getAdditionalProperties().keySet().iterator().next()
                        + ": unknown field (expected matchLabels, matchExpressions)");
            }
            return selector;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a LabelSelector: " + e.getOriginalMessage());
        }
    }

    private static LabelSelector parseKubectl(String text) {
        LabelSelectorBuilder selector = new LabelSelectorBuilder();
        for (String requirement : splitTopLevel(text)) {
            String r = requirement.strip();
            if (r.isEmpty()) {
                throw new IllegalArgumentException("empty requirement in \"" + text + "\"");
            }
            String[] set = setRequirement(r);
            if (set != null) {
                selector.addToMatchExpressions(expression(set[0], set[1], values(set[2], r)));
            } else if (r.contains("!=")) {
                String[] kv = r.split("!=", 2);
                selector.addToMatchExpressions(expression(kv[0].strip(), "NotIn", List.of(kv[1].strip())));
            } else if (r.contains("=")) {
                String[] kv = r.split("==?", 2);
                selector.addToMatchLabels(kv[0].strip(), kv[1].strip());
            } else if (r.startsWith("!")) {
                selector.addToMatchExpressions(expression(r.substring(1).strip(), "DoesNotExist", List.of()));
            } else {
                selector.addToMatchExpressions(expression(r, "Exists", List.of()));
            }
        }
        return selector.build();
    }

    /** {key, operator, "(values)"} for {@code key in (...)} / {@code key notin (...)}; null otherwise. */
    private static String[] setRequirement(String r) {
        String[] words = r.split("\\s+", 3);
        if (words.length == 3 && (words[1].equals("in") || words[1].equals("notin"))) {
            return new String[] {words[0], words[1].equals("in") ? "In" : "NotIn", words[2]};
        }
        return null;
    }

    private static List<String> values(String set, String requirement) {
        String s = set.strip();
        if (!s.startsWith("(") || !s.endsWith(")")) {
            throw new IllegalArgumentException("\"" + requirement + "\": expected a set of values in parentheses");
        }
        return Arrays.stream(s.substring(1, s.length() - 1).split(",")).map(String::strip)
                .filter(v -> !v.isEmpty()).toList();
    }

    private static LabelSelectorRequirement expression(String key, String operator, List<String> values) {
        return new LabelSelectorRequirementBuilder().withKey(key).withOperator(operator)
                .withValues(values.isEmpty() ? null : values).build();
    }

    /** Splits at commas outside parentheses. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** kubectl syntax, matchLabels sorted by key first; {@code (everything)} for an absent or empty selector. */
    public static String format(LabelSelector selector) {
        List<String> parts = new ArrayList<>();
        if (selector != null && selector.getMatchLabels() != null) {
            new TreeMap<>(selector.getMatchLabels()).forEach((k, v) -> parts.add(k + "=" + v));
        }
        if (selector != null && selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String values = r.getValues() == null ? "" : String.join(",", r.getValues());
                parts.add(switch (r.getOperator()) {
                    case "In" -> r.getKey() + " in (" + values + ")";
                    case "NotIn" -> r.getKey() + " notin (" + values + ")";
                    case "Exists" -> r.getKey();
                    case "DoesNotExist" -> "!" + r.getKey();
                    default -> r.getKey() + " " + r.getOperator() + " (" + values + ")";
                });
            }
        }
        return parts.isEmpty() ? "(everything)" : String.join(",", parts);
    }
}
