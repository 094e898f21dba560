package dev.podpreset.api;

import dev.podpreset.injection.PreparedPreset;

import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetValidatorTest {

    private static PodPreset preset(PodPresetSpec spec) {
        PodPreset p = new PodPreset();
        p.setMetadata(new ObjectMetaBuilder().withName("hello").withNamespace("sample").build());
        p.setSpec(spec);
        return p;
    }

    private static PodPresetSpec envSpec() {
        PodPresetSpec spec = new PodPresetSpec();
        spec.setEnv(List.of(new PresetEnvVar("A", "1")));
        return spec;
    }

    private static List<String> violations(PodPresetSpec spec) {
        return PresetValidator.validate(preset(spec), PreparedPreset.INJECTED_FIELDS).stream().map(Violation::toString).toList();
    }

    @Test
    void aPresetWithEveryFieldIsValid() {
        PodPresetSpec spec = envSpec();
        spec.setSelector(new LabelSelectorBuilder().addToMatchLabels("role", "frontend")
                .addNewMatchExpression().withKey("security").withOperator("In").withValues("S2").endMatchExpression().build());
        spec.setVolumes(List.of(new VolumeBuilder().withName("vol").withNewEmptyDir().endEmptyDir().build()));
        spec.setVolumeMounts(List.of(new VolumeMountBuilder().withName("vol").withMountPath("/foo").build()));
        spec.setTolerations(List.of(new TolerationBuilder().withKey("gpu").withOperator("Exists").withEffect("NoSchedule").build()));
        spec.setNodeSelector(Map.of("accelerator", "nvidia"));
        spec.setInitContainers(List.of(new ContainerBuilder().withName("proxy").withImage("envoy:1").withRestartPolicy("Always").build()));
        spec.setSidecars(List.of(new ContainerBuilder().withName("shipper").withImage("fluent-bit:3").build()));
        spec.setTargetContainers(List.of("app"));
        assertEquals(List.of(), violations(spec));
    }

    @Test
    void aSelectorOnlyPresetMustSpecifySomething() {
        PodPresetSpec spec = new PodPresetSpec();
        spec.setSelector(new LabelSelectorBuilder().addToMatchLabels("a", "b").build());
        assertTrue(violations(spec).get(0).startsWith("spec: must specify at least one of env"), violations(spec).toString());
    }

    @Test
    void aMountMustNameAVolumeOfTheSamePreset() {
        PodPresetSpec spec = envSpec();
        spec.setVolumes(List.of(new VolumeBuilder().withName("vol").withNewEmptyDir().endEmptyDir().build()));
        spec.setVolumeMounts(List.of(new VolumeMountBuilder().withName("dne").withMountPath("/foo").build()));
        assertEquals(List.of("spec.volumeMounts[0].name: Not found: \"dne\" is not a volume of this preset"), violations(spec));
    }

    @Test
    void envNamesAreUnique() {
        PodPresetSpec spec = new PodPresetSpec();
        spec.setEnv(List.of(new PresetEnvVar("A", "1"),
                new PresetEnvVar("A", "2")));
        assertEquals(List.of("spec.env[1].name: Duplicate value \"A\""), violations(spec));
    }

    @Test
    void selectorOperatorsAreChecked() {
        PodPresetSpec spec = envSpec();
        spec.setSelector(new LabelSelectorBuilder().addNewMatchExpression().withKey("a").withOperator("Matches")
                .endMatchExpression().build());
        assertEquals(List.of("spec.selector.matchExpressions[0].operator: Unsupported value \"Matches\": supported values: In, NotIn, Exists, DoesNotExist"),
                violations(spec));
    }

    @Test
    void sidecarsNeedANameAndAnImage() {
        PodPresetSpec spec = new PodPresetSpec();
        spec.setSidecars(List.of(new ContainerBuilder().withName("shipper").build(), new ContainerBuilder().withImage("x").build()));
        assertEquals(List.of("spec.sidecars[0].image: Required value", "spec.sidecars[1].name: Required value"), violations(spec));
    }

    @Test
    void onlyInitContainersMayBeNativeSidecars() {
        PodPresetSpec spec = new PodPresetSpec();
        spec.setSidecars(List.of(new ContainerBuilder().withName("s").withImage("x").withRestartPolicy("Always").build()));
        assertEquals(List.of("spec.sidecars[0].restartPolicy: Forbidden: only init containers may set restartPolicy"), violations(spec));
    }

    @Test
    void injectedContainerNamesAreUniqueAcrossBothLists() {
        PodPresetSpec spec = new PodPresetSpec();
        spec.setInitContainers(List.of(new ContainerBuilder().withName("x").withImage("a").build()));
        spec.setSidecars(List.of(new ContainerBuilder().withName("x").withImage("b").build()));
        assertEquals(1, violations(spec).size());
        assertTrue(violations(spec).get(0).startsWith("spec.sidecars[0].name: Duplicate value \"x\""));
    }

    @Test
    void tolerationWithExistsTakesNoValue() {
        PodPresetSpec spec = new PodPresetSpec();
        spec.setTolerations(List.of(new TolerationBuilder().withKey("k").withOperator("Exists").withValue("v").build()));
        assertEquals(List.of("spec.tolerations[0].value: Invalid value: must be empty when operator is Exists"), violations(spec));
    }

    @Test
    void aVolumeHasAtMostOneSource() {
        PodPresetSpec spec = new PodPresetSpec();
        spec.setVolumes(List.of(new VolumeBuilder().withName("v").withNewEmptyDir().endEmptyDir()
                .withNewHostPath().withPath("/etc").endHostPath().build()));
        assertEquals(List.of("spec.volumes[0]: Forbidden: may not specify more than 1 volume type"), violations(spec));
    }

    @Test
    void aVariableTakesItsValueFromExactlyOneSource() {
        PodPresetSpec spec = new PodPresetSpec();
        PresetEnvVar both = new PresetEnvVar("B", null);
        both.setValueFrom(new PresetEnvVarSource());
        both.getValueFrom().setSecretKeyRef(new SecretKeySelector("password", "db", null));
        both.getValueFrom().setConfigMapKeyRef(new ConfigMapKeySelector("host", "db", null));
        PresetEnvVar one = new PresetEnvVar("C", null);
        one.setValueFrom(new PresetEnvVarSource());
        one.getValueFrom().setSecretKeyRef(new SecretKeySelector("password", "db", null));
        spec.setEnv(List.of(new PresetEnvVar("A", "1"), both, one));
        spec.setSidecars(List.of(new ContainerBuilder().withName("s").withImage("x")
                .addNewEnv().withName("X").withValue("1").endEnv()
                .addNewEnv().withName("Y").withNewValueFrom().endValueFrom().endEnv()
                .addNewEnv().withName("Z").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                .endFieldRef().endValueFrom().endEnv().build()));
        String oneOf = "Invalid value: must specify exactly one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef";
        assertEquals(List.of("spec.env[1].valueFrom: " + oneOf + ", namespaceFieldRef",
                "spec.sidecars[0].env[1].valueFrom: " + oneOf), violations(spec));
    }

    @Test
    void aNamespacedPresetNeedsANamespace() {
        PodPreset p = preset(envSpec());
        p.getMetadata().setNamespace(null);
        assertEquals(List.of("metadata.namespace: Required value"), PresetValidator.validate(p, PreparedPreset.INJECTED_FIELDS).stream().map(Violation::toString).toList());
    }

    @Test
    void nullsInBoundObjectsAreFieldErrorsNotCrashes() {
        PodPresetSpec spec = envSpec();
        spec.setSelector(new LabelSelectorBuilder().addNewMatchExpression().withKey("app").endMatchExpression().build());
        assertEquals(List.of("spec.selector.matchExpressions[0].operator: Required value: supported values: In, NotIn, Exists, DoesNotExist"),
                violations(spec));

        spec.setSelector(new LabelSelector(Arrays.asList((LabelSelectorRequirement) null), null));
        assertEquals(List.of("spec.selector.matchExpressions[0]: Invalid value: null: remove the field or give it a value"),
                violations(spec));

        spec.setSelector(null);
        Container sidecar = new ContainerBuilder().withName("s").withImage("x").build();
        sidecar.setPorts(Arrays.asList((ContainerPort) null)); // builders drop nulls, setters do not
        spec.setSidecars(List.of(sidecar));
        assertEquals(List.of("spec.sidecars[0].ports[0]: Invalid value: null: remove the field or give it a value"),
                violations(spec));
    }

    @Test
    void clusterPresetNamespaceSelectorIsChecked() {
        ClusterPodPreset p = new ClusterPodPreset();
        p.setMetadata(new ObjectMetaBuilder().withName("c").build());
        ClusterPodPresetSpec spec = new ClusterPodPresetSpec();
        spec.setEnv(envSpec().getEnv());
        spec.setNamespaceSelector(new LabelSelectorBuilder().addToMatchLabels("bad key!", "x").build());
        p.setSpec(spec);
        List<String> v = PresetValidator.validate(p, PreparedPreset.INJECTED_FIELDS).stream().map(Violation::toString).toList();
        assertEquals(1, v.size());
        assertTrue(v.get(0).startsWith("spec.namespaceSelector.matchLabels: Invalid key \"bad key!\""), v.toString());
    }
}
