package dev.podpreset.cli;

/**
 * Ends a command with {@code exitCode} after printing {@code message} (prefixed by the command) on standard
 * error, and for a wrong command line a hint at {@code --help}.
 */
final class CliFailure extends Exception {
    private final int exitCode;
    private final boolean usage;

    CliFailure(int exitCode, String message) {
        this(exitCode, message, exitCode == ExitCodes.USAGE);
    }

    private CliFailure(int exitCode, String message, boolean usage) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.usage = usage;
    }

    int exitCode() {
        return exitCode;
    }

    /** Whether the command line is wrong (rather than an input). */
    boolean usage() {
        return usage;
    }

    /** The same failure ending with another exit code. */
    CliFailure exitingWith(int code) {
        return new CliFailure(code, getMessage(), usage);
    }
}
