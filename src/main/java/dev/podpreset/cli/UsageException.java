package dev.podpreset.cli;

/** The command line cannot be run as given; exit code 2. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
