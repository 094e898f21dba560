package dev.podpreset.api.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

import java.util.List;
import java.util.Map;

/**
 * The CRD schema of a preset's {@code selector} and {@code namespaceSelector} (used through
 * {@code @SchemaFrom}; the runtime type stays fabric8's {@code LabelSelector}). It says in the schema what
 * the validator refuses: label keys and values have label syntax, every requirement has a key and a
 * known operator, and values exactly when the operator needs them. (Keys of matchLabels cannot be
 * checked by a schema; the validating webhook checks them.)
 */
public class PresetLabelSelector {
    /**
     * A label key: an optional DNS subdomain prefix and "/", then at most 63 name characters; unanchored, for
     * patterns that embed a key (annotation keys have the same syntax).
     */
    public static final String KEY_SYNTAX = "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
            + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
    static final String KEY = "^" + KEY_SYNTAX + "$";
    /** A label value: empty, or at most 63 name characters. */
    static final String VALUE = "^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$";

    @JsonPropertyDescription("Labels that must all have these values.")
    public Map<String, @Pattern(VALUE) String> matchLabels;
    @JsonPropertyDescription("Requirements that must all hold.")
    public List<SelectorRequirement> matchExpressions;
}
