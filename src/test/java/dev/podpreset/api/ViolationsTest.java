package dev.podpreset.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One wording per kind of error, as the API server words its own field errors. */
class ViolationsTest {

    @Test
    void eachKindHasItsWording() {
        List<String> found = new Violations()
                .required("spec")
                .required("a.operator", "supported values: In, NotIn")
                .invalid("metadata.name", "Bad", "must be a lowercase DNS subdomain")
                .invalid("a.weight", 0, "must be in the range 1-100")
                .invalid("a.valueFrom", "must specify exactly one of fieldRef, secretKeyRef")
                .invalidKey("spec.labels", "-x", "must start with an alphanumeric")
                .notSupported("a.effect", "Sometimes", List.of("NoSchedule", "NoExecute"))
                .duplicate("spec.env[1].name", "A")
                .duplicate("spec.sidecars[1].name", "s", "container names must be unique")
                .duplicateEntry("spec.envFrom[1]", "same prefix and source as an earlier entry")
                .forbidden("a.values", "may not be specified when operator is Exists")
                .forbiddenKey("spec.labels", "podpreset.dev/x", "reserved")
                .notFound("spec.volumeMounts[0].name", "v", "is not a volume of this preset")
                .tooLong("spec.mode", 16)
                .unknownField("spec.mode")
                .list().stream().map(Violation::toString).toList();
        assertEquals(List.of(
                "spec: Required value",
                "a.operator: Required value: supported values: In, NotIn",
                "metadata.name: Invalid value \"Bad\": must be a lowercase DNS subdomain",
                "a.weight: Invalid value 0: must be in the range 1-100",
                "a.valueFrom: Invalid value: must specify exactly one of fieldRef, secretKeyRef",
                "spec.labels: Invalid key \"-x\": must start with an alphanumeric",
                "a.effect: Unsupported value \"Sometimes\": supported values: NoSchedule, NoExecute",
                "spec.env[1].name: Duplicate value \"A\"",
                "spec.sidecars[1].name: Duplicate value \"s\": container names must be unique",
                "spec.envFrom[1]: Duplicate value: same prefix and source as an earlier entry",
                "a.values: Forbidden: may not be specified when operator is Exists",
                "spec.labels: Forbidden key \"podpreset.dev/x\": reserved",
                "spec.volumeMounts[0].name: Not found: \"v\" is not a volume of this preset",
                "spec.mode: Too long: may not be more than 16 characters",
                "spec.mode: unknown field"), found);
    }

    @Test
    void anUnknownFieldIsToldApart() {
        List<Violation> v = new Violations().unknownField("spec.mode").required("spec.env[0].name").list();
        assertTrue(v.get(0).unknownField());
        assertFalse(v.get(1).unknownField());
    }
}
