package dev.podpreset.api;

import dev.podpreset.injection.PreparedPreset;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The validator's rules for labels, annotations, serviceAccountName, runtimeClassName and nodeAffinity. */
class PodFieldChecksTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    private static List<String> violations(String specYaml) throws IOException {
        PodPreset p = new PodPreset();
        p.setMetadata(new ObjectMetaBuilder().withName("hello").withNamespace("sample").build());
        p.setSpec(YAML.readValue(specYaml, PodPresetSpec.class));
        return PresetValidator.validate(p, PreparedPreset.INJECTED_FIELDS).stream().map(Violation::toString).toList();
    }

    @Test
    void eachNewFieldAloneIsEnough() throws IOException {
        for (String field : List.of("labels: {team: a}", "annotations: {example.com/x: 'any value: at all'}",
                "serviceAccountName: ci-runner", "automountServiceAccountToken: false", "runtimeClassName: gvisor",
                "nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, preference: {matchExpressions: [{key: a, operator: Exists}]}}]}")) {
            assertEquals(List.of(), violations(field), field);
        }
    }

    @Test
    void reservedAndMalformedKeysAreRefused() throws IOException {
        assertEquals(List.of("spec.labels: Forbidden key \"podpreset.dev/x\": keys under podpreset.dev/ are reserved for the webhook",
                        "spec.labels[team]: Invalid value \"a b\": must be at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric"),
                violations("labels: {podpreset.dev/x: a, team: a b}"));
        assertEquals(List.of("spec.annotations: Invalid key \"-bad\": name part must be at most 63 alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric"),
                violations("annotations: {-bad: x}"));
    }

    @Test
    void namesAreDnsSubdomains() throws IOException {
        assertEquals(List.of("spec.serviceAccountName: Invalid value \"CI_Runner\": must be a lowercase DNS subdomain",
                        "spec.runtimeClassName: Invalid value \"\": must be a lowercase DNS subdomain"),
                violations("serviceAccountName: CI_Runner\nruntimeClassName: ''"));
    }

    @Test
    void nodeAffinityHasOneRequiredTermAndValidRequirements() throws IOException {
        assertEquals(List.of("spec.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Invalid value:"
                        + " must hold exactly one term; its requirements are added to every term of the pod"),
                violations("nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: ["
                        + "{matchExpressions: [{key: a, operator: Exists}]}, {matchExpressions: [{key: b, operator: Exists}]}]}}"));
        assertEquals(List.of(
                        "spec.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Invalid value: must be one integer when operator is Gt",
                        "spec.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].operator: Unsupported value \"Has\": supported values: In, NotIn, Exists, DoesNotExist, Gt, Lt",
                        "spec.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].key: Unsupported value \"metadata.uid\": supported values: metadata.name",
                        "spec.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value 0: must be in the range 1-100"),
                violations("nodeAffinity:\n  requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{"
                        + "matchExpressions: [{key: cores, operator: Gt, values: [many]}, {key: b, operator: Has}],"
                        + " matchFields: [{key: metadata.uid, operator: In, values: [x]}]}]}\n"
                        + "  preferredDuringSchedulingIgnoredDuringExecution: [{weight: 0, preference: {matchExpressions: [{key: a, operator: Exists}]}}]"));
    }

    @Test
    void aNodeRequirementWithoutAnOperatorNamesTheSupportedOnes() throws IOException {
        assertEquals(List.of("spec.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                        + ".matchExpressions[0].operator: Required value: supported values: In, NotIn, Exists, DoesNotExist, Gt, Lt"),
                violations("nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: ["
                        + "{matchExpressions: [{key: a}]}]}}"));
    }
}
