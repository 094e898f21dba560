package dev.podpreset.injection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.api.NamespaceFieldPath;
import dev.podpreset.presets.PresetDocuments;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A running pod's values from the namespace against the namespace now, in the containers admission chose. */
class NamespaceValueDriftTest {
    private static final NamespaceFieldPath TEAM_LABEL = NamespaceFieldPath.parse("metadata.labels['team']");
    private static final PreparedPreset TEAM = PresetDocuments.prepare((ObjectNode) MergeRulesTest.yaml("""
            apiVersion: podpreset.dev/v1alpha1
            kind: ClusterPodPreset
            metadata: {name: team, generation: 1}
            spec:
              env:
              - {name: TEAM, valueFrom: {namespaceFieldRef: {fieldPath: "metadata.labels['team']"}}}
              - {name: TIER, valueFrom: {namespaceFieldRef: {fieldPath: "metadata.labels['tier']", default: standard}}}
              - {name: FIXED, value: "1"}
            """));
    /** As admitted in a namespace labelled team=payments without tier; istio-proxy (ignored) has a TEAM of its own. */
    private static final ObjectNode POD = (ObjectNode) MergeRulesTest.yaml("""
            metadata: {name: web, namespace: shop, annotations: {podpreset.dev/clusterpodpreset-team: "1"}}
            spec:
              containers:
              - {name: app, image: x, env: [{name: TEAM, value: payments}, {name: TIER, value: standard}, {name: FIXED, value: "1"}]}
              - {name: istio-proxy, image: y, env: [{name: TEAM, value: mesh}]}
            """);

    private static List<NamespaceValueDrift.Difference> drift(Map<String, String> labels) {
        return NamespaceValueDrift.of(TEAM, POD, NamespaceMetadata.of("shop", labels, Map.of()), IgnoredContainers.DEFAULT);
    }

    @Test
    void noDifferenceWhileTheNamespaceGivesWhatThePodCarries() {
        assertEquals(List.of(), drift(Map.of("team", "payments")), "the ignored proxy's own TEAM is not compared");
    }

    @Test
    void aChangedLabelAChangedDefaultAndARemovedLabelAreDifferences() {
        assertEquals(List.of(new NamespaceValueDrift.Difference("app", "TEAM", TEAM_LABEL, "payments", "billing"),
                        new NamespaceValueDrift.Difference("app", "TIER", NamespaceFieldPath.parse("metadata.labels['tier']"),
                                "standard", "gold")),
                drift(Map.of("team", "billing", "tier", "gold")));
        assertEquals(List.of(new NamespaceValueDrift.Difference("app", "TEAM", TEAM_LABEL, "payments", null)),
                drift(Map.of()), "no label and no default: nothing now");
    }

    @Test
    void withoutTheIgnoreListTheProxyIsComparedToo() {
        List<NamespaceValueDrift.Difference> all = NamespaceValueDrift.of(TEAM, POD,
                NamespaceMetadata.of("shop", Map.of("team", "payments"), Map.of()), IgnoredContainers.of(List.of()));
        assertEquals(List.of(new NamespaceValueDrift.Difference("istio-proxy", "TEAM", TEAM_LABEL, "mesh", "payments")), all);
    }
}
