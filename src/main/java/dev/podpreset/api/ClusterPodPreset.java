package dev.podpreset.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Injects its spec into the matching pods of every namespace its namespaceSelector matches. */
// The generator sorts columns by jsonPath: the bracket form puts Missing after Stale; Age (.metadata) and
// On-Conflict (.spec, priority 1) come before the status columns whatever we do.
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Matched", jsonPath = ".status.pods.matched", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Stale", jsonPath = ".status.pods.stale", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Missing", jsonPath = ".status.pods['missing']", type = AdditionalPrinterColumn.Type.INTEGER)
// An audit preset's counts, with -o wide (empty for an enforced preset).
@AdditionalPrinterColumn(name = "Would-Apply", jsonPath = ".status.pods.wouldApply", priority = 1,
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Would-Conflict", jsonPath = ".status.pods.wouldConflict", priority = 1,
        type = AdditionalPrinterColumn.Type.INTEGER)
@Group(PodPreset.GROUP)
@Version(PodPreset.VERSION)
@Kind("ClusterPodPreset")
@Plural("clusterpodpresets")
@Singular("clusterpodpreset")
@Categories(PodPreset.CATEGORY)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ShortNames("cpp")
public class ClusterPodPreset extends CustomResource<ClusterPodPresetSpec, PresetStatus> {
}
