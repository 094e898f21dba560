package dev.podpreset.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} of every command: the usage on standard output, exit 0. */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;
}
