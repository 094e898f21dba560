package dev.podpreset.injection;

import dev.podpreset.api.Violation;

import java.util.List;

/** A preset that failed validation; it is never applied. The message says which; violations() says why. */
public class InvalidPresetException extends RuntimeException {
    private final transient List<Violation> violations;

    /** {@code namespace} is null for a ClusterPodPreset; {@code name} may be empty when the preset has none. */
    public InvalidPresetException(PresetKind kind, String namespace, String name, List<Violation> violations) {
        super(message(kind, namespace, name, violations));
        this.violations = List.copyOf(violations);
    }

    /** {@code PodPreset team-a/db is invalid: spec.env[0].name: Required value; ...}: the one wording for people. */
    public static String message(PresetKind kind, String namespace, String name, List<Violation> violations) {
        String who = (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + (name == null ? "" : name);
        return kind.kind() + (who.isEmpty() ? "" : " " + who) + " is invalid: " + Violation.join(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
