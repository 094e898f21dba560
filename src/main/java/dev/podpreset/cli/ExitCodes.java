package dev.podpreset.cli;

/** The exit codes of every subcommand. */
final class ExitCodes {
    static final int OK = 0;
    /** A pod would be rejected, an input is malformed or invalid, a test failed, the cluster refused. */
    static final int FAILED = 1;
    /** Wrong command line (picocli's usage-error code). */
    static final int USAGE = 2;
    /** {@code inject --diff}: something would change, as for diff and kubectl diff. */
    static final int CHANGES = 1;
    /** {@code inject --diff}: an error of any kind, as diff's "trouble" (kubectl diff: above 1). */
    static final int DIFF_TROUBLE = 2;
    /** {@code --fail-on-skip}: a preset would be skipped. */
    static final int SKIPPED = 3;

    private ExitCodes() {
    }
}
