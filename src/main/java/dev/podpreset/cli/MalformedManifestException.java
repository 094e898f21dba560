package dev.podpreset.cli;

/** An input document cannot be read or injected; the message names the file and document. Exit code 1. */
final class MalformedManifestException extends Exception {
    MalformedManifestException(String message) {
        super(message);
    }
}
