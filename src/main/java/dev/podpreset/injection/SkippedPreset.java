package dev.podpreset.injection;

import java.util.List;

/** A matching preset left out because it conflicts with the pod; {@code conflicts} name the keys. */
public record SkippedPreset(PreparedPreset preset, List<String> conflicts) {

    /** One line for logs, warnings and events. */
    public String message() {
        return preset.displayName() + " skipped: conflict on " + String.join(", ", conflicts);
    }
}
