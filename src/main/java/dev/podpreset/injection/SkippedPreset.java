package dev.podpreset.injection;

import java.util.ArrayList;
import java.util.List;

/**
 * A matching preset left out because it conflicts with the pod: {@code conflicts} name the keys whose entries
 * differ, {@code unresolved} the values it needs from the namespace that the namespace does not have.
 */
public record SkippedPreset(PreparedPreset preset, List<String> conflicts, List<String> unresolved) {

    /**
     * {@code conflict on env "DB_PORT" in container "api"} or {@code namespace label "team" is not set} (both,
     * separated by "; ", when it has both): the reason, as the skipped annotation holds it.
     */
    public String conflict() {
        List<String> parts = new ArrayList<>(2);
        if (!conflicts.isEmpty()) {
            parts.add("conflict on " + String.join(", ", conflicts));
        }
        parts.addAll(unresolved);
        return String.join("; ", parts);
    }

    /** One line for logs, warnings and events. */
    public String message() {
        return preset.displayName() + " skipped: " + conflict();
    }
}
