package dev.podpreset.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Equality of Kubernetes objects as the API server sees them, not as they are spelled. The API server
 * omits empty and zero values of most fields and writes quantities canonically, so
 * {@code readOnly: false}, {@code subPath: ""}, {@code resources: {}} and {@code cpu: "0.1"} must equal
 * their absent or canonical forms. Only pointer booleans whose absence does not mean false keep
 * {@code false}.
 */
final class SemanticJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Optional booleans whose absence means true (or "decided elsewhere"), so false is meaningful. */
    private static final Set<String> MEANINGFUL_FALSE = Set.of(
            "allowPrivilegeEscalation", "automountServiceAccountToken", "enableServiceLinks", "hostUsers");
    private static final Set<String> QUANTITY_MAPS = Set.of("limits", "requests");
    private static final Set<String> QUANTITY_FIELDS = Set.of("divisor", "sizeLimit");

    private SemanticJson() {
    }

    static boolean equivalent(JsonNode normalizedA, JsonNode b) {
        return normalizedA.equals(normalize(b));
    }

    /** A copy of {@code node} with empty values dropped, numbers and quantities canonical. */
    static JsonNode normalize(JsonNode node) {
        JsonNode n = normalize(node, null);
        return n == null ? F.objectNode() : n;
    }

    private static JsonNode normalize(JsonNode node, String field) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode out = F.objectNode();
            boolean quantities = field != null && QUANTITY_MAPS.contains(field);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = quantities ? quantity(e.getValue(), true) : normalize(e.getValue(), e.getKey());
                if (v != null) {
                    out.set(e.getKey(), v);
                }
            }
            return out.isEmpty() ? null : out;
        }
        if (node.isArray()) {
            ArrayNode out = F.arrayNode();
            for (JsonNode item : node) {
                JsonNode v = normalize(item, null);
                out.add(v == null ? F.objectNode() : v);
            }
            return out.isEmpty() ? null : out;
        }
        if (field != null && QUANTITY_FIELDS.contains(field)) {
            return quantity(node, false);
        }
        if (node.isTextual()) {
            return node.asText().isEmpty() ? null : node;
        }
        if (node.isBoolean()) {
            return node.booleanValue() || (field != null && MEANINGFUL_FALSE.contains(field)) ? node : null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return F.numberNode(node.longValue());
        }
        if (node.isNumber()) {
            return F.numberNode(node.decimalValue().stripTrailingZeros());
        }
        return node;
    }

    /**
     * Quantities compare by amount ("0.1" equals "100m"); a zero amount equals absent. Requests and
     * limits ({@code resourceList}) are also rounded up to whole thousandths, as the API server does
     * ("0.0001" is "1m").
     */
    private static JsonNode quantity(JsonNode node, boolean resourceList) {
        if (node == null || node.isNull()) {
            return null;
        }
        BigDecimal amount = amount(node);
        if (amount == null) {
            return node;
        }
        if (resourceList) {
            amount = amount.setScale(3, RoundingMode.CEILING);
        }
        return amount.signum() == 0 ? null : F.textNode(amount.stripTrailingZeros().toPlainString());
    }

    /** Null when {@code node} is not a quantity. */
    private static BigDecimal amount(JsonNode node) {
        try {
            return new Quantity(node.asText()).getNumericalAmount();
        } catch (RuntimeException notAQuantity) {
            return null;
        }
    }
}
