package dev.podpreset.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.podpreset.api.schema.PresetLabelSelector;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** A {@link PodPresetSpec} that also selects the namespaces it applies to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterPodPresetSpec extends PodPresetSpec {

    @JsonPropertyDescription("Label selector on the labels of the pod's namespace; absent or empty selects every namespace the webhook serves.")
    @SchemaFrom(type = PresetLabelSelector.class)
    private LabelSelector namespaceSelector;

    public LabelSelector getNamespaceSelector() { return namespaceSelector; }
    public void setNamespaceSelector(LabelSelector namespaceSelector) { this.namespaceSelector = namespaceSelector; }
}
