package dev.podpreset.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code podpreset version}: project, API and build versions. */
@Command(name = "version", description = "Print the project version, the Kubernetes API versions of our types, "
        + "the fabric8 model version and build information.")
final class VersionCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    private final CliContext context;

    VersionCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        for (String line : new BuildInfo().getVersion()) {
            context.out().println(line);
        }
        return ExitCodes.OK;
    }
}
