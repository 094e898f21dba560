package dev.podpreset.injection;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.podpreset.api.InjectedField;
import dev.podpreset.api.PodPresetSpec;
import io.fabric8.generator.annotation.ValidationRule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** "At least one field" has one owner, the merge rules: the validator's message and the CRD's CEL rule follow. */
class InjectedFieldsTest {
    /** Spec fields that say which pods and how, but inject nothing themselves. */
    private static final List<String> NOT_INJECTED = List.of("selector", "targetContainers", "onConflict", "restartWorkloads",
            "envPlacement", "mode", "description");

    @Test
    void everySpecFieldIsMergedByARuleOrSaysHowAndWhere() {
        List<String> expected = new ArrayList<>(List.of(PodPresetSpec.class.getAnnotation(JsonPropertyOrder.class).value()));
        expected.removeAll(NOT_INJECTED);
        assertEquals(expected, InjectedField.inSpecOrder(MergeRules.FIELDS).stream().map(InjectedField::name).toList());
    }

    @Test
    void theCrdsCelRuleIsTheOneDerivedFromTheRules() {
        ValidationRule rule = Arrays.stream(PodPresetSpec.class.getAnnotationsByType(ValidationRule.class))
                .filter(r -> r.message().startsWith("must specify at least one of")).findFirst().orElseThrow();
        assertEquals(InjectedField.anySetRule(MergeRules.FIELDS), rule.value());
        assertEquals(InjectedField.noneSetMessage(MergeRules.FIELDS), rule.message());
    }

    @Test
    void theMessageNamesTheFieldsInTheSpecsOrder() {
        assertEquals("must specify at least one of env, envFrom, volumes, volumeMounts, tolerations, nodeSelector,"
                + " imagePullSecrets, initContainers, sidecars, labels, annotations, serviceAccountName,"
                + " automountServiceAccountToken, runtimeClassName, nodeAffinity",
                InjectedField.noneSetMessage(PreparedPreset.INJECTED_FIELDS));
    }
}
