package dev.podpreset.presets;

/** A document that is not a valid preset: which preset it is, and every field and reason. */
public class InvalidDocumentException extends RuntimeException {
    private final transient InvalidPreset preset;

    public InvalidDocumentException(InvalidPreset preset) {
        super(preset.message());
        this.preset = preset;
    }

    public InvalidPreset preset() {
        return preset;
    }
}
