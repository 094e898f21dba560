package dev.podpreset.cli;

/** Ends a command with {@code exitCode} after printing {@code message} (prefixed by the command) on standard error. */
final class CliFailure extends Exception {
    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
