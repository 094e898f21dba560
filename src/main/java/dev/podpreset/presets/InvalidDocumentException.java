package dev.podpreset.presets;

/** A document that is not a valid preset; the message names the field. */
public class InvalidDocumentException extends RuntimeException {
    public InvalidDocumentException(String message) {
        super(message);
    }
}
