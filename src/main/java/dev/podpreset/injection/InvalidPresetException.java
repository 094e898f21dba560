package dev.podpreset.injection;

import dev.podpreset.api.PresetValidator;
import dev.podpreset.api.Violation;

import java.util.List;

/** A preset that failed validation; it is never applied. */
public class InvalidPresetException extends RuntimeException {
    private final transient List<Violation> violations;

    public InvalidPresetException(String preset, List<Violation> violations) {
        super(preset + " is invalid: " + PresetValidator.describe(violations));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
