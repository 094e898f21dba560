package dev.podpreset.injection;

import java.util.List;

/** A matching preset left out because it conflicts with the pod; {@code conflicts} name the keys. */
public record SkippedPreset(PreparedPreset preset, List<String> conflicts) {

    /** {@code conflict on env "DB_PORT" in container "api"}: the reason, as the skipped annotation holds it. */
    public String conflict() {
        return "conflict on " + String.join(", ", conflicts);
    }

    /** One line for logs, warnings and events. */
    public String message() {
        return preset.displayName() + " skipped: " + conflict();
    }
}
