package dev.podpreset.api.schema;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.List;

/** The CRD schema of one {@code matchExpressions} entry; see {@link PresetLabelSelector}. */
@ValidationRule(value = "self.operator in ['In', 'NotIn'] ? has(self.values) && size(self.values) > 0"
        + " : !has(self.values) || size(self.values) == 0",
        message = "values must be non-empty when operator is In or NotIn, and empty when it is Exists or DoesNotExist")
public class SelectorRequirement {
    @JsonPropertyDescription("The label key the requirement applies to.")
    @Required
    @Pattern(PresetLabelSelector.KEY)
    public String key;
    @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.")
    @Required
    public SelectorOperator operator;
    @JsonPropertyDescription("The values for In and NotIn; empty for Exists and DoesNotExist.")
    public List<@Pattern(PresetLabelSelector.VALUE) String> values;
}
